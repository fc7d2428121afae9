import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { upstreamHeaderAdjuster, upstreamHeaderRoutes } from '../http/upstream-headers.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { beforeWriteHead } from './host-inspection.js';
import { ModeDiscovery } from './mode-discovery.js';

/**
 * DRF's headers on every answer of the module's routes (`Content-Type: application/json`, `Allow`,
 * `Vary: Accept`, with `Cookie` when login uses the session). Installed in `onModuleInit`, before the
 * app listens; auto mode's answer comes from `ModeDiscovery`, whichever hook Nest calls first.
 */
@Injectable()
export class ResponseHeaders implements OnModuleInit {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly discovery: ModeDiscovery,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const { authenticateSession } = this.discovery.discover();
    const routes = upstreamHeaderRoutes(
      this.configuration.extras.urlPrefix,
      authenticateSession,
      this.configuration.extras.routes,
    );
    beforeWriteHead(this.adapterHost, upstreamHeaderAdjuster(routes));
  }
}
