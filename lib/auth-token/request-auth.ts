import type { AuthToken } from './auth-token-manager.js';

/** How the current request was authenticated. */
export interface RequestAuth {
  user: object;
  /** Whether the session authenticated the request. */
  session?: boolean;
  /** The token presented, when a token guard authenticated the request. */
  token?: AuthToken;
}

/**
 * A non-enumerable symbol property: serializers that copy a request's own properties (`JSON.stringify`,
 * spreading, `util.inspect` by default) leave it out. (A WeakMap keyed by the request did the same at a
 * far higher cost per request: every entry is an ephemeron the GC has to trace.)
 */
const REQUEST_AUTH = Symbol('nestjs-rest-registration:auth');

export function setRequestAuth(request: object, auth: RequestAuth): void {
  Object.defineProperty(request, REQUEST_AUTH, { value: auth, writable: true, configurable: true, enumerable: false });
}

export function getRequestAuth(request: object): RequestAuth | undefined {
  return (request as { [REQUEST_AUTH]?: RequestAuth })[REQUEST_AUTH];
}
