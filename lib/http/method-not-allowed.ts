import { Controller, Delete, Get, HttpCode, Options, Patch, Post, Put, Req, Res, type Type } from '@nestjs/common';
import { MethodNotAllowed } from '../errors/exceptions.js';
import { Public } from '../registration.decorators.js';
import { type HttpRequest, setResponseHeader } from './http.js';

const DECORATORS = { Get, Post, Put, Patch, Delete, Options } as const;
type MethodName = keyof typeof DECORATORS;

/**
 * Adds to `controller` a 405 handler per method and route (Fastify refuses an ALL route beside the
 * route's own): `405 {"detail":"Method \"GET\" not allowed."}` with `Allow`; OPTIONS answers 204 with
 * `Allow` when the route allows it.
 */
export function addMethodNotAllowedHandlers(
  controller: Function,
  routes: readonly string[],
  own: readonly MethodName[] = ['Post'],
): void {
  const allow = [...own.map((method) => method.toUpperCase()), 'OPTIONS'].join(', ');
  const prototype = controller.prototype as Record<string, unknown>;
  for (const route of routes) {
    for (const [method, decorator] of Object.entries(DECORATORS)) {
      if (own.includes(method as MethodName)) continue;
      const name = `${route.replace(/\W+(\w)/g, (_all, char: string) => char.toUpperCase())}${method}NotAllowed`;
      prototype[name] = function (request: HttpRequest, response: unknown): void {
        if (request.method !== 'OPTIONS') throw new MethodNotAllowed(request.method, allow);
        setResponseHeader(response, 'Allow', allow);
      };
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
      Req()(prototype, name, 0);
      Res({ passthrough: true })(prototype, name, 1);
      for (const apply of [decorator(route), Public(), HttpCode(204)]) apply(prototype, name, descriptor);
    }
  }
}

/** A subclass of `controller` mounted under `urlPrefix`, named `name` (what Nest logs and OpenAPI shows). */
export function mountController(urlPrefix: string, controller: Type<unknown>, name: string): Type<unknown> {
  const mounted = class extends (controller as Type<object>) {};
  Object.defineProperty(mounted, 'name', { value: name });
  Controller(urlPrefix)(mounted);
  return mounted;
}
