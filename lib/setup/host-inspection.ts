/**
 * Every read (and the one patch) of framework internals, in one file, with what each relies on:
 * - `GUARDS_METADATA` (exported by `@nestjs/common`), the key `@UseGuards()` writes, and `PATH_METADATA` /
 *   `METHOD_METADATA`, those of `@Controller()` and `@Get()`, `@Post()`, ...;
 * - `ApplicationConfig` global guards, for `useGlobalGuards()` and `APP_GUARD`;
 * - Express 5's `app.router.stack` and the layer name `session` of express-session;
 * - `@fastify/session`'s request decorator `session`;
 * - passport's private strategy table `_strategies`;
 * - Nest's Fastify adapter installing its error and not-found handlers through `setErrorHandler()` and
 *   `setNotFoundHandler()` after `onModuleInit`;
 * - the adapter's Node `http.Server` (`getHttpServer()`), whose `request` listener the framework answers from,
 *   and `ServerResponse.writeHead`, through which every answer's head passes (Express, Fastify, an error path).
 */
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { WriteHeadAdjuster } from '../http/upstream-headers.js';
import { type CanActivate, RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { DeclaredRoute } from '../http/allowed-methods.js';
import type { ApplicationConfig, DiscoveryService, HttpAdapterHost, MetadataScanner } from '@nestjs/core';
import { DEFAULT_SESSION_BACKEND } from '../session/session-environment.js';

function guardClass(guard: unknown): Type<CanActivate> | undefined {
  if (typeof guard === 'function') return guard as Type<CanActivate>;
  if (guard && typeof guard === 'object') return (guard as object).constructor as Type<CanActivate>;
  return undefined;
}

/**
 * Guard classes in use in the app: global guards (`useGlobalGuards`, `APP_GUARD`) and those of
 * `@UseGuards()` on controllers and handlers, except on the controllers `skip` accepts.
 */
export function discoverGuardsInUse(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  config: ApplicationConfig,
  skip: (controller: Function) => boolean,
): Array<Type<CanActivate>> {
  const found = new Set<Type<CanActivate>>();
  const add = (guards: unknown) => {
    if (!Array.isArray(guards)) return;
    for (const guard of guards) {
      const cls = guardClass(guard);
      if (cls) found.add(cls);
    }
  };
  add(config.getGlobalGuards());
  add(config.getGlobalRequestGuards().map((wrapper) => wrapper.instance ?? wrapper.metatype));
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Function | null;
    if (!controller || skip(controller)) continue;
    add(Reflect.getMetadata(GUARDS_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      add(Reflect.getMetadata(GUARDS_METADATA, prototype[name] as object));
    }
  }
  return [...found];
}

const paths = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value ?? '']).map((path) => String(path).replace(/^\/+|\/+$/g, ''));

/**
 * The handlers of the controllers `select` accepts, as their decorators declare them (paths relative to
 * any global prefix).
 */
export function declaredRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  select: (controller: Function) => boolean,
): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Function | null;
    if (!controller || !select(controller)) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      for (const base of paths(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const own of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
          routes.push({ path: `/${[base, own].filter(Boolean).join('/')}`, method: RequestMethod[method] });
        }
      }
    }
  }
  return routes;
}

/** Whether the app has session middleware: express-session in Express's stack, or @fastify/session. */
export function detectSessionMiddleware(adapterHost: HttpAdapterHost): boolean | undefined {
  const adapter = adapterHost.httpAdapter;
  if (!adapter) return undefined;
  const instance = adapter.getInstance<Record<string, unknown>>();
  if (adapter.getType() === 'express') {
    const stack = (instance.router as { stack?: Array<{ name?: string }> } | undefined)?.stack;
    return Array.isArray(stack) ? stack.some((layer) => layer.name === 'session') : undefined;
  }
  if (adapter.getType() === 'fastify' && typeof instance.hasRequestDecorator === 'function') {
    return (instance.hasRequestDecorator as (name: string) => boolean)('session');
  }
  return undefined;
}

/** Names of passport's registered strategies (when passport is installed) and the module's own. */
export async function registeredStrategies(): Promise<Set<string>> {
  const names = new Set([DEFAULT_SESSION_BACKEND, 'registration-token', 'registration-jwt', 'registration-session']);
  try {
    const passport = (await import('passport')).default as unknown as { _strategies?: Record<string, unknown> };
    for (const name of Object.keys(passport._strategies ?? {})) names.add(name);
  } catch {
    // passport is optional
  }
  return names;
}

/** A Fastify error handler as Nest installs it. */
export type FastifyErrorHandler = (error: never, request: never, reply: unknown) => unknown;

/**
 * Has every error handler Nest's Fastify adapter installs (it does so after `onModuleInit`) pass
 * through `wrap` first.
 */
export function wrapFastifyErrorHandler(adapterHost: HttpAdapterHost, wrap: (handler: Function) => Function): void {
  const adapter = adapterHost.httpAdapter;
  const install = adapter.setErrorHandler.bind(adapter) as (handler: Function, prefix?: string) => unknown;
  adapter.setErrorHandler = ((handler: Function, prefix?: string) =>
    install(wrap(handler), prefix)) as typeof adapter.setErrorHandler;
}

/**
 * Has the not-found handler Nest's Fastify adapter installs (after `onModuleInit`, for every request no
 * route matched, whatever its method) pass through `wrap` first.
 */
export function wrapFastifyNotFoundHandler(adapterHost: HttpAdapterHost, wrap: (handler: Function) => Function): void {
  const adapter = adapterHost.httpAdapter;
  const install = adapter.setNotFoundHandler.bind(adapter) as (handler: Function, ...rest: unknown[]) => unknown;
  adapter.setNotFoundHandler = ((handler: Function, ...rest: unknown[]) =>
    install(wrap(handler), ...rest)) as typeof adapter.setNotFoundHandler;
}

/**
 * Lets `select` adjust the head of the answers to the requests it picks, whoever writes them (the route,
 * a guard, the host's exception filter, the body parser's error path): a `request` listener placed
 * before the framework's wraps those responses' `writeHead`. Other requests are left as they are.
 */
export function beforeWriteHead(
  adapterHost: HttpAdapterHost,
  select: (request: IncomingMessage) => WriteHeadAdjuster | undefined,
): void {
  const server = adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  if (!server || typeof server.prependListener !== 'function') return;
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const adjust = select(request);
    if (!adjust) return;
    const writeHead = response.writeHead;
    response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const headers = args.find(
        (arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
      );
      adjust(this, headers as OutgoingHttpHeaders | undefined);
      return (writeHead as (...rest: unknown[]) => ServerResponse).apply(this, args);
    } as typeof response.writeHead;
  });
}
