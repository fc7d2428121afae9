import { urlPath } from './http.js';

/** One handler of a controller as its decorators declare it: the path relative to any global prefix. */
export interface DeclaredRoute {
  path: string;
  method: string;
}

/** A route of the module with every method it answers, as DRF lists them in `Allow`. */
export interface RouteMethods {
  path: string;
  served: ReadonlySet<string>;
  allow: string;
  /** Matches the request path, with or without a global prefix and a trailing slash. */
  pattern: RegExp;
}

// The order of Django's `View.http_method_names`, which DRF's `Allow` follows.
const DRF_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

/**
 * The declared methods and OPTIONS, in DRF's order. A GET route answers HEAD too (Express, Fastify) but
 * lists it only when declared (`@Head()`), as DRF does for views that define `head`.
 */
function allowHeader(served: ReadonlySet<string>): string {
  const methods = new Set(served).add('OPTIONS');
  const rank = (method: string) => (DRF_ORDER.includes(method) ? DRF_ORDER.indexOf(method) : DRF_ORDER.length);
  return [...methods].sort((a, b) => rank(a) - rank(b)).join(', ');
}

function pathPattern(path: string): RegExp {
  const segments = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`${segments.join('/')}/*$`);
}

/** The routes' methods, grouped by path; `ALL` routes are left out (they answer every method). */
export function routeMethods(routes: DeclaredRoute[]): RouteMethods[] {
  const byPath = new Map<string, Set<string>>();
  const all = new Set(routes.filter((route) => route.method === 'ALL').map((route) => route.path));
  for (const { path, method } of routes) {
    if (all.has(path)) continue;
    byPath.set(path, (byPath.get(path) ?? new Set()).add(method));
  }
  return [...byPath].map(([path, served]) => ({
    path,
    served,
    allow: allowHeader(served),
    pattern: pathPattern(path),
  }));
}

/** The route a request URL is for, or `undefined` when it is none of them. */
export function routeFor(url: string, routes: RouteMethods[]): RouteMethods | undefined {
  const path = urlPath(url);
  return routes.find((route) => route.pattern.test(path));
}
