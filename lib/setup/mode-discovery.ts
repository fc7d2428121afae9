import { type CanActivate, Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import { isGuardOf } from '../checks/check.js';
import type {
  RegistrationConfiguration,
  RegistrationMode,
} from '../interfaces/registration-configuration.interface.js';
import {
  MANAGER_CREATION_ERROR,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_CONTROLLER,
  REGISTRATION_STRATEGY,
} from '../registration.constants.js';
import { SessionAuthGuard } from '../session/session-auth.guard.js';
import { discoverGuardsInUse } from './host-inspection.js';

/** The value behind `REGISTRATION_MODE`: filled once, by the startup checks when they pass; frozen then. */
@Injectable()
export class ModeAnswer implements RegistrationMode {
  private answer?: Readonly<RegistrationMode>;

  get retrieveToken(): boolean {
    return this.current().retrieveToken;
  }

  get authenticateSession(): boolean {
    return this.current().authenticateSession;
  }

  get logoutGuard(): CanActivate | undefined {
    return this.current().logoutGuard;
  }

  fill(answer: RegistrationMode): void {
    if (this.answer) throw new Error('The registration mode is filled once, at startup.');
    this.answer = Object.freeze({ ...answer });
  }

  private current(): Readonly<RegistrationMode> {
    if (!this.answer) throw new Error('The registration mode is read before the module has started.');
    return this.answer;
  }
}

/** What auto mode found: the guards in use, the manager's guard, and the two answers. */
export interface DiscoveredMode {
  guardsInUse: Array<Type<CanActivate>>;
  managerGuard: Type<CanActivate> | undefined;
  retrieveToken: boolean;
  authenticateSession: boolean;
}

/**
 * Auto mode (`loginRetrieveToken` / `loginAuthenticateSession` left `null`): which guards the host
 * uses, found once. The checks ask for it too, whichever hook Nest calls first.
 */
@Injectable()
export class ModeDiscovery implements OnModuleInit {
  private discovered?: DiscoveredMode;

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    @Inject(MANAGER_CREATION_ERROR) private readonly managerError: { error?: unknown },
    private readonly manager: AuthTokenManager,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly config: ApplicationConfig,
  ) {}

  onModuleInit(): void {
    this.discover();
  }

  discover(): DiscoveredMode {
    return (this.discovered ??= this.find());
  }

  private find(): DiscoveredMode {
    const guardsInUse = discoverGuardsInUse(
      this.discovery,
      this.scanner,
      this.config,
      (controller) => Reflect.getMetadata(REGISTRATION_CONTROLLER, controller) === true,
    );
    const managerGuard = this.managerGuard();
    // The module's passport strategies authenticate like its guards: registering one counts as using that guard.
    for (const wrapper of this.discovery.getProviders()) {
      const kind =
        typeof wrapper.metatype === 'function'
          ? Reflect.getMetadata(REGISTRATION_STRATEGY, wrapper.metatype)
          : undefined;
      if (kind === 'token' && managerGuard) guardsInUse.push(managerGuard);
      if (kind === 'session') guardsInUse.push(SessionAuthGuard);
    }
    const { loginRetrieveToken, loginAuthenticateSession } = this.configuration;
    return {
      guardsInUse,
      managerGuard,
      retrieveToken:
        loginRetrieveToken === null
          ? managerGuard !== undefined && guardsInUse.some((guard) => isGuardOf(guard, managerGuard))
          : loginRetrieveToken,
      authenticateSession:
        loginAuthenticateSession === null
          ? guardsInUse.some((guard) => isGuardOf(guard, SessionAuthGuard))
          : loginAuthenticateSession,
    };
  }

  private managerGuard(): Type<CanActivate> | undefined {
    if (this.managerError.error !== undefined || !(this.manager instanceof AuthTokenManager)) return undefined;
    try {
      return this.manager.getAuthenticationGuard();
    } catch {
      return undefined;
    }
  }
}
