import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { pickleSortedPairs } from './django-pickle.js';
import { SignatureExpired, SignatureInvalid } from './verification.errors.js';

/** Unpadded URL-safe base64, as Django's `signing.b64_encode`. */
function base64UrlNoPad(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/**
 * Django's `Signer(salt=salt, key=secret).signature(value)` with the default SHA-256:
 * `b64url(HMAC-SHA256(key = SHA256(salt + "signer" + secret), value))`, 43 characters.
 */
export function djangoSignature(value: Buffer | string, salt: string, secret: string): string {
  return base64UrlNoPad(createHmac('sha256', signingKey(salt, secret)).update(value).digest());
}

/** Derived keys by salt, then secret: a few salts times the secret and its fallbacks; bounded all the same. */
const derivedKeys = new Map<string, Map<string, Buffer>>();
const DERIVED_KEYS_KEPT = 64;
let derivedKeyCount = 0;

/** `SHA256(salt + "signer" + secret)`, Django's `salted_hmac` key, derived once per salt and secret. */
function signingKey(salt: string, secret: string): Buffer {
  let bySecret = derivedKeys.get(salt);
  let key = bySecret?.get(secret);
  if (key === undefined) {
    key = createHash('sha256')
      .update(Buffer.from(`${salt}signer`, 'utf8'))
      .update(Buffer.from(secret, 'utf8'))
      .digest();
    if (derivedKeyCount >= DERIVED_KEYS_KEPT) {
      derivedKeys.clear();
      derivedKeyCount = 0;
      bySecret = undefined;
    }
    if (bySecret === undefined) derivedKeys.set(salt, (bySecret = new Map()));
    bySecret.set(secret, key);
    derivedKeyCount++;
  }
  return key;
}

/** Compares two strings in time that depends on their lengths only (Django's `constant_time_compare`). */
export function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** The data of a link before it is signed: `user_id`, for register-email also `email`. */
export type UnsignedData = Readonly<Record<string, string | number | bigint>>;

/** Signed data in the order DRR puts it in a URL: the given keys, then `timestamp`, then `signature`. */
export type SignedData = Record<string, string> & { timestamp: string; signature: string };

/** The keys of a signing: `secretKey` signs; it and `secretKeyFallbacks` verify (rotation). */
export interface SigningKeys {
  secretKey: string;
  secretKeyFallbacks?: readonly string[];
}

/** The signature DRR's `DataSigner` puts on `data` (every key except `signature`). */
export function signatureOf(data: UnsignedData, salt: string, secret: string): string {
  const payload: Record<string, string | number | bigint> = { ...data };
  delete payload.signature;
  return djangoSignature(pickleSortedPairs(payload), salt, secret);
}

/** Unix time in whole seconds, as Python's `int(time.time())`. */
export function currentTimestamp(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Signs `data` as DRR's `DataSigner.get_signed_data()`: adds `timestamp` (Unix seconds, when missing)
 * and `signature`, signed with `keys.secretKey`.
 */
export function signData(
  data: UnsignedData,
  salt: string,
  keys: SigningKeys,
  timestamp: number = currentTimestamp(),
): SignedData {
  const signed: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) signed[key] = String(value);
  if (signed.timestamp === undefined) signed.timestamp = String(timestamp);
  signed.signature = signatureOf(signed, salt, keys.secretKey);
  return signed as SignedData;
}

/** What {@link verifySignedData} checks the data with. */
export interface VerifyOptions extends SigningKeys {
  salt: string;
  /** Lifetime in seconds; `null` never expires. Exactly the period is still valid; future timestamps pass. */
  period: number | null;
  /** Current Unix time in seconds (default: now). */
  now?: number;
}

/**
 * Verifies signed data as DRR's `DataSigner.verify()`: the signature first (`Invalid signature`,
 * compared in constant time against the signature of every key), then the period (`Signature expired`).
 * `timestamp` must already be a canonical integer (see `parseVerificationData`).
 */
export function verifySignedData(data: Readonly<Record<string, string>>, options: VerifyOptions): void {
  const signature = data.signature;
  if (typeof signature !== 'string') throw new SignatureInvalid();
  let valid = false;
  for (const secret of [options.secretKey, ...(options.secretKeyFallbacks ?? [])]) {
    if (constantTimeEquals(signature, signatureOf(data, options.salt, secret))) valid = true;
  }
  if (!valid) throw new SignatureInvalid();
  if (options.period === null) return;
  const now = BigInt(options.now ?? currentTimestamp());
  if (now - BigInt(data.timestamp) > BigInt(Math.floor(options.period))) throw new SignatureExpired();
}
