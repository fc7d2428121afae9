import { Controller, type Type } from '@nestjs/common';

/**
 * A subclass of `controller` mounted under `urlPrefix`, named `name` (what Nest logs and OpenAPI shows).
 * Declare only the handlers a route serves: `UnservedMethods` (setup/unserved-methods.ts) answers the
 * other methods (405, OPTIONS) from these decorators.
 */
export function mountController(urlPrefix: string, controller: Type<unknown>, name: string): Type<unknown> {
  const mounted = class extends (controller as Type<object>) {};
  Object.defineProperty(mounted, 'name', { value: name });
  Controller(urlPrefix)(mounted);
  return mounted;
}
