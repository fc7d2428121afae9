import type { HttpAdapterHost } from '@nestjs/core';

/** Name recorded on the session when the module's own authenticator logged the user in. */
export const DEFAULT_SESSION_BACKEND = 'registration';

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
