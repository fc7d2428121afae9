import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/** The HMAC algorithms of JWS (RFC 7518 section 3.2). */
export type HmacJwtAlgorithm = 'HS256' | 'HS384' | 'HS512';

const DIGESTS: Readonly<Record<HmacJwtAlgorithm, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Whether `algorithm` is one `verifyHmacJwt` checks. */
export function isHmacJwtAlgorithm(algorithm: unknown): algorithm is HmacJwtAlgorithm {
  return algorithm === 'HS256' || algorithm === 'HS384' || algorithm === 'HS512';
}

/** What `verifyHmacJwt` requires; the names and semantics are `jsonwebtoken`'s `verify` options. */
export interface HmacJwtVerifyOptions {
  /** The algorithms a token's header may name; any other (`none` included) is refused. */
  algorithms: readonly HmacJwtAlgorithm[];
  /** `iss` must be this value (or one of these) when set. */
  issuer?: string | readonly string[];
  /** `aud` (a value or an array) must contain this value (or one of these) when set. */
  audience?: string | readonly string[];
  /** `sub` must be this value when set. */
  subject?: string;
  /** Seconds of leeway for `exp` and `nbf`. @default 0 */
  clockTolerance?: number;
  /** "Now" in seconds since the epoch. @default the current time */
  clockTimestamp?: number;
}

/** Why a token was refused (the message says which check, never the token). */
export class HmacJwtError extends Error {
  override readonly name = 'HmacJwtError';
}

/** A segment as `jws` accepts it: base64url characters only, no padding. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a compact JWS signed with HMAC and returns its claims, with the checks `jsonwebtoken`'s
 * `verify` makes for the same options, in one pass: three non-empty base64url segments; a header that
 * is a JSON object naming one of `algorithms` (so neither `none` nor an algorithm other than the
 * configured ones); the signature equal, in constant time, to the HMAC of `header.payload` with `key`;
 * a payload that is a JSON object; `nbf` and `exp` numbers when present, checked against the clock
 * with `clockTolerance`; then audience, issuer and subject when required. Throws `HmacJwtError`.
 *
 * Stricter than `jsonwebtoken` in one point only: a payload that is not a JSON object (a string, a
 * number, an array), which `jsonwebtoken` returns as it is and no claim check can accept, is refused.
 */
export function verifyHmacJwt(token: string, key: KeyObject, options: HmacJwtVerifyOptions): Record<string, unknown> {
  if (typeof token !== 'string' || token === '') throw new HmacJwtError('jwt must be provided');
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) throw new HmacJwtError('jwt malformed');
  const encodedHeader = token.slice(0, first);
  const encodedPayload = token.slice(first + 1, second);
  const signature = token.slice(second + 1);
  if (!SEGMENT.test(encodedHeader) || !SEGMENT.test(encodedPayload)) throw new HmacJwtError('invalid token');
  if (signature === '') throw new HmacJwtError('jwt signature is required');
  if (!SEGMENT.test(signature)) throw new HmacJwtError('invalid token');

  // `jws` reads the header as latin1 and the payload as UTF-8; so do we.
  const header = parseJson(Buffer.from(encodedHeader, 'base64url').toString('latin1'));
  if (typeof header !== 'object' || header === null) throw new HmacJwtError('invalid token');
  const algorithm = (header as { alg?: unknown }).alg;
  if (!isHmacJwtAlgorithm(algorithm) || !options.algorithms.includes(algorithm))
    throw new HmacJwtError('invalid algorithm');

  const expected = createHmac(DIGESTS[algorithm], key).update(token.slice(0, second)).digest('base64url');
  // Both are ASCII (checked above, and base64url), so latin1 gives one byte a character.
  if (
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(signature, 'latin1'))
  ) {
    throw new HmacJwtError('invalid signature');
  }

  const payload = parseJson(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new HmacJwtError('payload is not a JSON object');
  const claims = payload as Record<string, unknown>;

  const now = options.clockTimestamp || Math.floor(Date.now() / 1000);
  const tolerance = options.clockTolerance || 0;
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number') throw new HmacJwtError('invalid nbf value');
    if (claims.nbf > now + tolerance) throw new HmacJwtError('jwt not active');
  }
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') throw new HmacJwtError('invalid exp value');
    if (now >= claims.exp + tolerance) throw new HmacJwtError('jwt expired');
  }
  if (options.audience) {
    const wanted: readonly unknown[] = typeof options.audience === 'string' ? [options.audience] : options.audience;
    const given: readonly unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!given.some((audience) => wanted.includes(audience))) throw new HmacJwtError('jwt audience invalid');
  }
  if (options.issuer) {
    const wanted: readonly unknown[] = typeof options.issuer === 'string' ? [options.issuer] : options.issuer;
    if (!wanted.includes(claims.iss)) throw new HmacJwtError('jwt issuer invalid');
  }
  if (options.subject && claims.sub !== options.subject) throw new HmacJwtError('jwt subject invalid');
  return claims;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HmacJwtError('invalid token');
  }
}
