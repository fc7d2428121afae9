import type { ExecutionContext, Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../registration.constants.js';

/** Whether `value` is a class (a function with a prototype object; arrow and async functions have none). */
export function isClass<T = unknown>(value: unknown): value is Type<T> {
  return typeof value === 'function' && typeof (value as { prototype?: unknown }).prototype === 'object';
}

// Route metadata is fixed once the classes are decorated, so the answer is kept per controller and handler.
const publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

/** Whether the handler or its controller is marked `@Public()`. */
export function isPublicRoute(reflector: Reflector, context: ExecutionContext): boolean {
  const controller = context.getClass();
  const handler = context.getHandler();
  let handlers = publicRoutes.get(controller);
  let answer = handlers?.get(handler);
  if (answer === undefined) {
    answer = reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, controller]) === true;
    if (!handlers) publicRoutes.set(controller, (handlers = new WeakMap()));
    handlers.set(handler, answer);
  }
  return answer;
}
