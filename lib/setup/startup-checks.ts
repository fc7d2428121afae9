import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef, ModulesContainer } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import {
  type CheckContext,
  type CheckProblem,
  RegistrationConfigurationError,
  STARTUP_CHECKS,
} from '../checks/index.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import {
  MANAGER_CREATION_ERROR,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_DATA_SOURCE,
  REGISTRATION_MODE,
} from '../registration.constants.js';
import { loginAuthenticatesNothing } from '../checks/warnings.js';
import { detectSessionMiddleware, registeredStrategies } from './host-inspection.js';
import { type DiscoveredMode, ModeAnswer, ModeDiscovery } from './mode-discovery.js';

const isWarning = (entry: CheckProblem): boolean => /\.W\d+$/.test(entry.id);

/**
 * Runs every startup check and throws one error that lists all problems before the app listens; when
 * they pass, fills the auto-mode answer (with the manager's guard that logout uses) and logs it.
 */
@Injectable()
export class StartupChecks implements OnModuleInit {
  private readonly logger = new Logger('Registration');

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    @Inject(REGISTRATION_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(MANAGER_CREATION_ERROR) private readonly managerError: { error?: unknown },
    @Inject(REGISTRATION_MODE) private readonly mode: ModeAnswer,
    private readonly discovery: ModeDiscovery,
    private readonly manager: AuthTokenManager,
    private readonly hasher: PasswordHasher,
    private readonly moduleRef: ModuleRef,
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    const found = this.discovery.discover();
    const context: CheckContext = {
      settings: this.configuration,
      dataSource: this.dataSource,
      manager: this.managerError.error === undefined ? this.manager : { error: this.managerError.error },
      hasher: this.hasher,
      guardsInUse: found.guardsInUse,
      retrieveToken: found.retrieveToken,
      authenticateSession: found.authenticateSession,
      sessionMiddleware: detectSessionMiddleware(this.adapterHost),
      strategies: await registeredStrategies(),
      moduleNames: new Set([...this.modules.values()].map((module) => module.metatype?.name)),
    };
    const reported = STARTUP_CHECKS.flatMap((check) => check(context));
    // Warnings (W0NN) are logged, as Django's checks print them, and do not stop the app.
    for (const warning of reported.filter(isWarning))
      this.logger.warn(`[${warning.id}] ${warning.problem} Fix: ${warning.fix}`);
    const problems = reported.filter((entry) => !isWarning(entry));
    if (problems.length > 0) throw new RegistrationConfigurationError(problems);

    this.mode.fill({
      retrieveToken: found.retrieveToken,
      authenticateSession: found.authenticateSession,
      logoutGuard: found.managerGuard ? await this.moduleRef.create(found.managerGuard) : undefined,
    });
    if (!found.retrieveToken && !found.authenticateSession) this.logger.warn(loginAuthenticatesNothing());
    this.logger.log(
      `Login returns tokens: ${found.retrieveToken ? 'yes' : 'no'} (${this.describeTokenMode(found)}); ` +
        `logs into the session: ${found.authenticateSession ? 'yes' : 'no'}`,
    );
  }

  private describeTokenMode({ managerGuard, retrieveToken }: DiscoveredMode): string {
    const configured = this.configuration.loginRetrieveToken;
    if (configured !== null) return `loginRetrieveToken is ${configured}`;
    const name = managerGuard?.name;
    return retrieveToken
      ? `auto: ${name} protects routes`
      : `auto: no route uses ${name ?? 'the token guard'}; set loginRetrieveToken: true to force`;
  }
}
