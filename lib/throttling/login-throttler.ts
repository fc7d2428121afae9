import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { normalizeIp, type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { type HttpRequest, setResponseHeader } from '../http/http.js';
import {
  type LoginThrottledEvent,
  RegistrationEvent,
  RegistrationEvents,
  requestInfo,
} from '../events/registration-events.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { ClientAddressResolver } from './client-address.js';
import type { ResolvedLoginThrottle, ThrottleLimit } from './login-throttle.options.js';
import { Throttled } from '../errors/throttled.exception.js';

/** Names of the two budgets, as `@nestjs/throttler` throttler names (and storage key parts). */
export const LOGIN_THROTTLERS = {
  perAddress: 'registration-login-address',
  perLogin: 'registration-login-value',
} as const;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The login route's brute-force limits (`loginThrottle` setting), counted in a `@nestjs/throttler`
 * storage. Keys hold SHA-256 digests, never a login value or address in clear.
 */
@Injectable()
export class LoginThrottler implements OnApplicationShutdown {
  readonly options: ResolvedLoginThrottle | false;
  private storage?: ThrottlerStorage;
  private ownStorage?: ThrottlerStorageService;
  private readonly addresses?: ClientAddressResolver;
  private readonly loginFields: readonly string[];

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) settings: RegistrationConfiguration,
    private readonly events: RegistrationEvents,
  ) {
    this.loginFields = settings.userLoginFields;
    this.options = settings.loginThrottle;
    if (this.options === false) return;
    if (this.options.storage === undefined) this.ownStorage = new ThrottlerStorageService();
    this.storage = this.options.storage ?? this.ownStorage;
    try {
      this.addresses = new ClientAddressResolver(this.options.trustProxy);
    } catch {
      // Reported by startup check E040 with the other problems.
    }
  }

  /** The client address used as the per-address key (IPv6 grouped per /64). */
  clientAddress(request: HttpRequest): string {
    const address = (this.addresses ?? new ClientAddressResolver(false)).resolve(request);
    return address.includes(':') ? normalizeIp(address) : address;
  }

  /** Counts an attempt from this request's address; throws `Throttled` (429) when over budget. */
  async checkAddress(request: HttpRequest, response: unknown): Promise<void> {
    if (this.options === false || this.options.perAddress === false) return;
    const address = this.clientAddress(request);
    const wait = await this.hit(LOGIN_THROTTLERS.perAddress, address, this.options.perAddress);
    if (wait !== undefined)
      this.refuse(wait, response, { budget: 'perAddress', clientAddress: address, request: requestInfo(request) });
  }

  /** Counts an attempt on this login value (from the validated data); throws `Throttled` when over budget. */
  async checkLogin(data: object, request: HttpRequest, response: unknown): Promise<void> {
    if (this.options === false || this.options.perLogin === false) return;
    const login = this.loginValue(data);
    if (login === undefined) return;
    const wait = await this.hit(LOGIN_THROTTLERS.perLogin, login, this.options.perLogin);
    if (wait === undefined) return;
    this.refuse(wait, response, {
      budget: 'perLogin',
      clientAddress: this.clientAddress(request),
      login,
      request: requestInfo(request),
    });
  }

  /** The value a login attempt targets: `login`, else the first login field present in the data. */
  protected loginValue(data: object): string | undefined {
    const record = data as Record<string, unknown>;
    const value = record.login ?? this.loginFields.map((field) => record[field]).find((candidate) => candidate != null);
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    return String(value).trim().toLowerCase();
  }

  /**
   * Counts one hit of `value` on the budget `name`; resolves the wait in seconds when over budget. The
   * storage is `loginThrottle`'s (the other routes' budgets share it, even when login's are off).
   */
  async hit(name: string, value: string, limit: ThrottleLimit): Promise<number | undefined> {
    const storage = (this.storage ??= this.ownStorage = new ThrottlerStorageService());
    const key = `${name}:${digest(value)}`;
    const record = await storage.increment(key, limit.ttl, limit.limit, limit.ttl, name);
    return record.isBlocked ? record.timeToBlockExpire : undefined;
  }

  private refuse(wait: number, response: unknown, event: Omit<LoginThrottledEvent, 'wait'>): never {
    const error = new Throttled(wait);
    setResponseHeader(response, 'Retry-After', String(error.wait));
    this.events.emit(RegistrationEvent.LoginThrottled, { ...event, wait: error.wait });
    throw error;
  }

  onApplicationShutdown(): void {
    this.ownStorage?.onApplicationShutdown();
  }
}
