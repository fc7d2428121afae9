import type { AuthToken } from './auth-token-manager.js';

/** How the current request was authenticated. */
export interface RequestAuth {
  user: object;
  /** Whether the session authenticated the request. */
  session?: boolean;
  /** The token presented, when a token guard authenticated the request. */
  token?: AuthToken;
}

// Kept off the request object so the token never shows up when a host logs `req`.
const authByRequest = new WeakMap<object, RequestAuth>();

export function setRequestAuth(request: object, auth: RequestAuth): void {
  authByRequest.set(request, auth);
}

export function getRequestAuth(request: object): RequestAuth | undefined {
  return authByRequest.get(request);
}
