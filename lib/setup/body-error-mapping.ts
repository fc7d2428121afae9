import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  type FastifyErrorLike,
  fastifyToHttpException,
  isBodyParserError,
  isModuleRoute,
  moduleRouteSuffixes,
  toHttpException,
} from '../http/body-errors.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { wrapFastifyErrorHandler } from './host-inspection.js';

type Next = (error?: unknown) => void;

/**
 * Body parsing fails before any route runs. On the module's own routes such errors are turned into
 * `{"detail": ...}` HTTP exceptions and handed on, so the host's exception filters still see them;
 * every other route keeps the host's behaviour. Express: middleware added in `onModuleInit`, which Nest
 * calls after it registered the routes and before its own error handler (after `UnservedMethods`) (test/init-order.test.ts
 * fails when that changes). Fastify: Nest's error handler is wrapped when it is installed (after
 * this runs), and an empty JSON body counts as no body, as on Express.
 */
@Injectable()
export class BodyErrorMapping implements OnModuleInit {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly adapterHost: HttpAdapterHost,
    private readonly messages: RegistrationMessages,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    const routes = moduleRouteSuffixes(this.configuration.extras.urlPrefix, this.configuration.extras.routes);
    if (adapter?.getType() === 'express') this.onExpress(adapter.getInstance(), routes);
    else if (adapter?.getType() === 'fastify') this.onFastify(adapter.getInstance(), routes);
  }

  private onExpress(app: { use(handler: Function): void }, routes: string[]): void {
    const messages = this.messages;
    app.use(function registrationBodyErrors(
      error: unknown,
      request: { originalUrl: string },
      response: unknown,
      next: Next,
    ) {
      if (!isBodyParserError(error) || !isModuleRoute(request.originalUrl, routes)) return next(error);
      next(messages.localizeFor(toHttpException(error), request, response));
    });
  }

  private onFastify(fastify: { addHook(name: string, hook: Function): void }, routes: string[]): void {
    fastify.addHook(
      'onRequest',
      (request: { url: string; headers: Record<string, unknown> }, _reply: unknown, done: () => void) => {
        if (request.headers['content-length'] === '0' && isModuleRoute(request.url, routes))
          delete request.headers['content-type'];
        done();
      },
    );
    wrapFastifyErrorHandler(
      this.adapterHost,
      (handler) =>
        (error: FastifyErrorLike, request: { url: string; headers: Record<string, unknown> }, reply: unknown) => {
          const mapped = isModuleRoute(request.url, routes)
            ? fastifyToHttpException(error, request.headers['content-type'])
            : undefined;
          return handler(mapped ? this.messages.localizeFor(mapped, request, reply) : error, request, reply);
        },
    );
  }
}
