import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, MetadataScanner } from '@nestjs/core';
import { MethodNotAllowed } from '../errors/exceptions.js';
import { routeFor, routeMethods, type RouteMethods } from '../http/allowed-methods.js';
import { type HttpRequest, sendEmpty, setResponseHeader } from '../http/http.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONTROLLER } from '../registration.constants.js';
import { declaredRoutes, wrapFastifyNotFoundHandler } from './host-inspection.js';

type Next = (error?: unknown) => void;

/**
 * The methods a route of the module does not serve, answered as DRF does, without a handler (and a
 * `Mapped` line at startup) each: OPTIONS 204 and 405, both with `Allow`, the 405 localised and handed to
 * Nest's exception handling, so the host's exception filters see it. The routes and their methods come
 * from the decorators of the module's controllers (`REGISTRATION_CONTROLLER`), so a new route gets this
 * by declaring its handlers. Only requests no route matched get here: Express, middleware added in
 * `onModuleInit`, after Nest's routes and before its not-found handler (test/init-order.test.ts);
 * Fastify, Nest's not-found handler is wrapped when it is installed (after this runs).
 */
@Injectable()
export class UnservedMethods implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly messages: RegistrationMessages,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    const isModuleController = (controller: Function) =>
      Reflect.getMetadata(REGISTRATION_CONTROLLER, controller) === true;
    const routes = routeMethods(declaredRoutes(this.discovery, this.scanner, isModuleController));
    if (adapter?.getType() === 'express') this.onExpress(adapter.getInstance(), routes);
    else if (adapter?.getType() === 'fastify') this.onFastify(routes);
  }

  /** The error to hand on for a method `route` does not serve; `undefined` once OPTIONS is answered. */
  private answer(route: RouteMethods, request: HttpRequest, response: unknown): unknown {
    if (request.method === 'OPTIONS') {
      this.messages.vary(response);
      setResponseHeader(response, 'Allow', route.allow);
      return sendEmpty(response, 204);
    }
    return this.messages.localizeFor(new MethodNotAllowed(request.method, route.allow), request, response);
  }

  private onExpress(app: { use(handler: Function): void }, routes: RouteMethods[]): void {
    const answer = this.answer.bind(this);
    app.use(function registrationMethodNotAllowed(
      request: HttpRequest & { originalUrl: string },
      response: unknown,
      next: Next,
    ) {
      const route = routeFor(request.originalUrl, routes);
      if (!route || route.served.has(request.method)) return next();
      const error = answer(route, request, response);
      if (error !== undefined) next(error);
    });
  }

  private onFastify(routes: RouteMethods[]): void {
    wrapFastifyNotFoundHandler(this.adapterHost, (handler) => (request: HttpRequest, reply: unknown) => {
      const route = routeFor(request.url, routes);
      if (!route || route.served.has(request.method)) return handler(request, reply);
      const error = this.answer(route, request, reply);
      if (error !== undefined) throw error;
    });
  }
}
