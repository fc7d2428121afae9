import {
  type CanActivate,
  Inject,
  Injectable,
  Logger,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, HttpAdapterHost, MetadataScanner, ModuleRef, ModulesContainer } from '@nestjs/core';
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
import { installBodyErrorMapping, moduleRouteSuffixes } from './body-errors.js';
import { discoverGuardsInUse } from './guard-discovery.js';
import { MANAGER_CREATION_ERROR } from './providers.js';

/**
 * Resolves the auto settings from the guards in use, runs every startup check (throwing one error that
 * lists all problems before the app listens), and prepares what the login routes need.
 */
@Injectable()
export class RegistrationRuntime implements OnModuleInit {
  private readonly logger = new Logger('Registration');
  /** Whether login returns a token (the `loginRetrieveToken` setting with auto mode resolved). */
  retrieveToken = false;
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
  ) {}

  async onModuleInit(): Promise<void> {
    const guardsInUse = discoverGuardsInUse(this.discovery, this.scanner, this.config, (controller) =>
      Reflect.getMetadata(REGISTRATION_CONTROLLER, controller) === true,
    );
    const managerGuard = this.managerGuard();
    // The module's passport strategies check tokens with the manager: registering one counts as using its guard.
    const strategyInUse = this.discovery
      .getProviders()
      .some((wrapper) => typeof wrapper.metatype === 'function' && Reflect.getMetadata(REGISTRATION_STRATEGY, wrapper.metatype) === true);
    if (strategyInUse && managerGuard) guardsInUse.push(managerGuard);
    this.retrieveToken =
      this.settings.loginRetrieveToken ??
      (managerGuard !== undefined && guardsInUse.some((guard) => isGuardOf(guard, managerGuard)));

    const context: CheckContext = {
      settings: this.settings,
      dataSource: this.dataSource,
      manager: this.managerError.error === undefined ? this.manager : { error: this.managerError.error },
      hasher: this.hasher,
      guardsInUse,
      retrieveToken: this.retrieveToken,
      moduleNames: new Set([...this.modules.values()].map((module) => module.metatype?.name)),
    };
    const problems = STARTUP_CHECKS.flatMap((check) => check(context));
    if (problems.length > 0) throw new RegistrationConfigurationError(problems);

    if (managerGuard) this.logoutGuard = await this.moduleRef.create(managerGuard);
    installBodyErrorMapping(this.adapterHost, moduleRouteSuffixes(this.extras.urlPrefix));
    this.logger.log(
      `Login returns tokens: ${this.retrieveToken ? 'yes' : 'no'} (${this.describeTokenMode(managerGuard)})`,
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
