import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { urlPath } from './http.js';

/** What the module's routes answer with, as DRF does. */
export interface UpstreamHeaderOptions {
  /** Paths (relative to any global prefix) of routes that get `Allow: POST, OPTIONS` on every answer. */
  postRoutes: string[];
  /** Paths of routes that get the profile's `Allow: GET, POST, PUT, PATCH, HEAD, OPTIONS` on every answer. */
  profileRoutes?: string[];
  /** Paths of the module's other routes (`csrf`): the same `Content-Type` and `Vary` only. */
  otherRoutes: string[];
  /** `Vary: Accept, Cookie` (the session is read on every request) instead of `Vary: Accept`. */
  varyCookie: boolean;
}

/** Adjusts a response's head just before it is written; `headers` is writeHead's argument when it has one. */
export type WriteHeadAdjuster = (response: ServerResponse, headers: OutgoingHttpHeaders | undefined) => void;

function matches(url: string | undefined, suffixes: string[]): boolean {
  const path = urlPath(url ?? '').replace(/\/+$/, '');
  return suffixes.some((suffix) => path.endsWith(suffix));
}

/** `Vary` with DRF's fields first and the response's own after them, each once. */
function mergeVary(own: unknown, fields: string[]): string {
  const current = Array.isArray(own) ? own.join(', ') : typeof own === 'string' ? own : '';
  const all = [...fields, ...current.split(',').map((part) => part.trim())].filter(Boolean);
  const seen = new Set<string>();
  return all.filter((field) => !seen.has(field.toLowerCase()) && seen.add(field.toLowerCase())).join(', ');
}

/** DRF's renderer says `application/json`; Express and Fastify add `; charset=utf-8` to JSON. */
function drfContentType(value: unknown): unknown {
  return typeof value === 'string' && /^application\/json;\s*charset=utf-8$/i.test(value) ? 'application/json' : value;
}

/** Applies the headers to what is about to be written, whichever of setHeader or writeHead's argument holds it. */
function adjust(
  response: ServerResponse,
  headers: OutgoingHttpHeaders | undefined,
  allow: string | undefined,
  vary: string[],
): void {
  const fromArgument = (name: string) => Object.keys(headers ?? {}).find((key) => key.toLowerCase() === name);
  const set = (name: string, compute: (value: unknown) => unknown) => {
    const key = fromArgument(name);
    if (headers && key !== undefined) {
      headers[key] = compute(headers[key]) as OutgoingHttpHeaders[string];
      return;
    }
    const value = compute(response.getHeader(name));
    if (value !== undefined) response.setHeader(name, value as string);
  };
  set('content-type', drfContentType);
  if (allow) set('allow', () => allow);
  set('vary', (own) => mergeVary(own, vary));
}

/**
 * What DRF would answer with, for `beforeWriteHead` (setup/host-inspection.ts): for a request to one of
 * the module's routes, a function that adjusts the head about to be written; `undefined` for other routes.
 */
export function upstreamHeaderAdjuster(
  options: UpstreamHeaderOptions,
): (request: IncomingMessage) => WriteHeadAdjuster | undefined {
  const vary = options.varyCookie ? ['Accept', 'Cookie'] : ['Accept'];
  return (request) => {
    const allow = matches(request.url, options.postRoutes)
      ? 'POST, OPTIONS'
      : matches(request.url, options.profileRoutes ?? [])
        ? PROFILE_ALLOW
        : undefined;
    if (!allow && !matches(request.url, options.otherRoutes)) return undefined;
    return (response, headers) => adjust(response, headers, allow, vary);
  };
}

const PROFILE_ALLOW = 'GET, POST, PUT, PATCH, HEAD, OPTIONS';

/** The module's routes under `urlPrefix`, for `upstreamHeaderAdjuster`. */
export function upstreamHeaderRoutes(
  urlPrefix: string,
  varyCookie: boolean,
  routes: readonly string[] = [],
): UpstreamHeaderOptions {
  const prefix = urlPrefix.replace(/^\/+|\/+$/g, '');
  const path = (route: string) => `/${prefix ? `${prefix}/` : ''}${route}`;
  const profileRoutes = routes.includes('profile') ? [path('profile')] : [];
  return {
    postRoutes: [path('login'), path('logout'), path('change-password')],
    profileRoutes,
    otherRoutes: [path('csrf')],
    varyCookie,
  };
}
