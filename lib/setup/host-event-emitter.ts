import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type ForwardedEventEmitter, RegistrationEvents } from '../events/registration-events.js';

/**
 * The host's `EventEmitter2` when it imports `EventEmitterModule` of `@nestjs/event-emitter` (an optional
 * peer, loaded only if installed); `undefined` otherwise.
 */
async function hostEventEmitter(moduleRef: ModuleRef): Promise<ForwardedEventEmitter | undefined> {
  let token: Function;
  try {
    token = (await import('@nestjs/event-emitter')).EventEmitter2;
  } catch {
    return undefined; // not installed
  }
  try {
    return moduleRef.get<unknown, ForwardedEventEmitter>(token, { strict: false });
  } catch {
    return undefined; // installed, not imported by the host
  }
}

/**
 * Lets `@OnEvent('registration.login.succeeded')` listeners hear the module's events when the host uses
 * `@nestjs/event-emitter`; `RegistrationEvents` keeps its own listeners either way. Found in
 * `onModuleInit`, when every provider of the app exists; events are emitted only by requests.
 */
@Injectable()
export class HostEventForwarding implements OnModuleInit {
  constructor(
    private readonly events: RegistrationEvents,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const emitter = await hostEventEmitter(this.moduleRef);
    if (emitter) this.events.forwardTo(emitter);
  }
}
