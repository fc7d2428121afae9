import { type CanActivate, Inject, Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import {
  ApplicationConfig,
  DiscoveryService,
  HttpAdapterHost,
  MetadataScanner,
  ModuleRef,
  ModulesContainer,
} from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import { isGuardOf, RegistrationConfigurationError, STARTUP_CHECKS, type CheckContext } from '../checks/index.js';
import type { ResolvedRegistrationSettings } from '../interfaces/registration-settings.interface.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import {
  REGISTRATION_CONTROLLER,
  REGISTRATION_DATA_SOURCE,
  REGISTRATION_EXTRAS,
  REGISTRATION_STRATEGY,
  RESOLVED_SETTINGS,
} from '../registration.constants.js';
import type { DEFAULT_EXTRAS } from '../registration.module-definition.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { installBodyErrorMapping, moduleRouteSuffixes } from './body-errors.js';
import { discoverGuardsInUse } from './guard-discovery.js';
import { SessionAuthGuard } from '../session/session-auth.guard.js';
import { detectSessionMiddleware, registeredStrategies } from '../session/session-environment.js';
import { MANAGER_CREATION_ERROR } from './providers.js';
import { installUpstreamHeaders, upstreamHeaderRoutes } from '../responses/upstream-headers.js';
import { loginAuthenticatesNothing } from '../checks/warnings.js';

/**
 * Resolves the auto settings from the guards in use, runs every startup check (throwing one error that
 * lists all problems before the app listens), and prepares what the login routes need.
 */
@Injectable()
export class RegistrationRuntime implements OnModuleInit {
  private readonly logger = new Logger('Registration');
  /** Whether login returns a token (the `loginRetrieveToken` setting with auto mode resolved). */
  retrieveToken = false;
  /** Whether login logs the user into the session (the `loginAuthenticateSession` setting with auto mode resolved). */
  authenticateSession = false;
  /** The manager's guard, as logout uses it. */
  logoutGuard?: CanActivate;

  constructor(
    @Inject(RESOLVED_SETTINGS) private readonly settings: ResolvedRegistrationSettings,
    @Inject(REGISTRATION_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REGISTRATION_EXTRAS) private readonly extras: typeof DEFAULT_EXTRAS,
    @Inject(MANAGER_CREATION_ERROR) private readonly managerError: { error?: unknown },
    private readonly manager: AuthTokenManager,
    private readonly hasher: PasswordHasher,
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly config: ApplicationConfig,
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
    private readonly messages: RegistrationMessages,
  ) {}

  async onModuleInit(): Promise<void> {
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
    this.retrieveToken =
      this.settings.loginRetrieveToken ??
      (managerGuard !== undefined && guardsInUse.some((guard) => isGuardOf(guard, managerGuard)));
    this.authenticateSession =
      this.settings.loginAuthenticateSession ?? guardsInUse.some((guard) => isGuardOf(guard, SessionAuthGuard));

    const context: CheckContext = {
      settings: this.settings,
      dataSource: this.dataSource,
      manager: this.managerError.error === undefined ? this.manager : { error: this.managerError.error },
      hasher: this.hasher,
      guardsInUse,
      retrieveToken: this.retrieveToken,
      authenticateSession: this.authenticateSession,
      sessionMiddleware: detectSessionMiddleware(this.adapterHost),
      strategies: await registeredStrategies(),
      moduleNames: new Set([...this.modules.values()].map((module) => module.metatype?.name)),
    };
    const problems = STARTUP_CHECKS.flatMap((check) => check(context));
    if (problems.length > 0) throw new RegistrationConfigurationError(problems);

    if (managerGuard) this.logoutGuard = await this.moduleRef.create(managerGuard);
    installBodyErrorMapping(this.adapterHost, moduleRouteSuffixes(this.extras.urlPrefix), this.messages);
    if (!this.retrieveToken && !this.authenticateSession) this.logger.warn(loginAuthenticatesNothing());
    installUpstreamHeaders(this.adapterHost, upstreamHeaderRoutes(this.extras.urlPrefix, this.authenticateSession));
    this.logger.log(
      `Login returns tokens: ${this.retrieveToken ? 'yes' : 'no'} (${this.describeTokenMode(managerGuard)}); ` +
        `logs into the session: ${this.authenticateSession ? 'yes' : 'no'}`,
    );
  }

  private managerGuard(): Type<CanActivate> | undefined {
    if (this.managerError.error !== undefined || !(this.manager instanceof AuthTokenManager)) return undefined;
    try {
      return this.manager.getAuthenticationGuard();
    } catch {
      return undefined;
    }
  }

  private describeTokenMode(guard: Type<CanActivate> | undefined): string {
    if (this.settings.loginRetrieveToken !== null) return `loginRetrieveToken is ${this.settings.loginRetrieveToken}`;
    return this.retrieveToken
      ? `auto: ${guard?.name} protects routes`
      : `auto: no route uses ${guard?.name ?? 'the token guard'}; set loginRetrieveToken: true to force`;
  }
}
