import type { AuthToken } from './auth-token-manager.js';

/** How the current request was authenticated. */
export interface RequestAuth {
  user: object;
  /** Whether the session authenticated the request. */
  session?: boolean;
  /** The token presented, when a token guard authenticated the request. */
  token?: AuthToken;
}

/** A constructor that returns its argument, so that a subclass's private fields are stamped onto any object. */
class Identity {
  constructor(target: object) {
    return target;
  }
}

/**
 * The request's authentication, kept in a private field stamped onto the request object: serializers
 * and loggers that copy or print a request (`JSON.stringify`, spreading, `util.inspect`) never see it,
 * and the store is an ordinary property write the JIT caches. (A WeakMap keyed by the request did the
 * same at a far higher cost per request, every entry being an ephemeron the GC has to trace; a
 * non-enumerable symbol property needed `Object.defineProperty`, a slow runtime call on every request.)
 */
class RequestAuthSlot extends Identity {
  #auth: RequestAuth | undefined;

  static set(request: object, auth: RequestAuth): void {
    if (!(#auth in request)) new RequestAuthSlot(request);
    (request as RequestAuthSlot).#auth = auth;
  }

  static get(request: object): RequestAuth | undefined {
    return #auth in request ? (request as RequestAuthSlot).#auth : undefined;
  }
}

export function setRequestAuth(request: object, auth: RequestAuth): void {
  RequestAuthSlot.set(request, auth);
}

export function getRequestAuth(request: object): RequestAuth | undefined {
  return RequestAuthSlot.get(request);
}
