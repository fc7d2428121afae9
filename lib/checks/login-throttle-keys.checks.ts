import { getMetadataStorage } from 'class-validator';
import { type Check, type CheckProblem, problem } from './check.js';
import { hasTooLittleVariety, MIN_DISTINCT_SECRET_BYTES } from './secret-strength.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';
import { MemoryThrottlerStorage } from '../throttling/memory-throttler-storage.js';

/** Smallest `loginThrottle.secret`, in bytes (as for HMAC-SHA-256 keys). */
export const MIN_THROTTLE_SECRET_BYTES = 32;

function declaredFields(serializer: Function): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(serializer, '', true, false);
  return new Set(metadata.map((entry) => entry.propertyName));
}

/** E050: the per-login and per-device budgets can find the login values of the serializer's data. */
export const checkLoginThrottleKey: Check = ({ settings }) => {
  const throttle = settings.loginThrottle;
  const serializer = settings.loginSerializerClass as unknown;
  if (throttle === false || (throttle.perLogin === false && throttle.perDevice === false)) return [];
  if (throttle.loginValues !== null || typeof serializer !== 'function') return []; // E021 reports a non-class
  const fields = declaredFields(serializer);
  const named = ['login', ...settings.userLoginFields];
  if (named.some((field) => fields.has(field))) return [];
  return [
    problem(
      'E050',
      `${serializer.name} has no field named login or ${settings.userLoginFields.join(', ')} (it has ${[...fields].join(', ') || 'none'}): the per-login budget could not count its attempts.`,
      `Name the field after a login field, or tell the throttle where the login values are: loginThrottle: { loginValues: (data) => [data.${[...fields].find((field) => field !== 'password') ?? 'identifier'}] }; or set perLogin and perDevice to false.`,
    ),
  ];
};

/** E051: a shared storage has a secret (the same on every instance), and a given secret is long enough. */
export const checkLoginThrottleSecret: Check = ({ settings }) => {
  const throttle = settings.loginThrottle;
  if (throttle === false) return [];
  const secret = throttle.secret as unknown;
  const fix = `Set loginThrottle.secret to a random value of at least ${MIN_THROTTLE_SECRET_BYTES} bytes kept out of the code (e.g. from the environment), the same on every instance: require('node:crypto').randomBytes(32).toString('base64url').`;
  if (secret === undefined) {
    // A memory store is this process's own: a per-process random secret keys it as well.
    if (throttle.storage instanceof MemoryThrottlerStorage) return [];
    return [
      problem(
        'E051',
        'loginThrottle.storage is set but loginThrottle.secret is not: instances would key their counts and sign device cookies differently, and the shared keys could be recomputed from guessed addresses and logins.',
        fix,
      ),
    ];
  }
  const length = typeof secret === 'string' ? Buffer.byteLength(secret) : Buffer.isBuffer(secret) ? secret.length : -1;
  if (length >= MIN_THROTTLE_SECRET_BYTES && !hasTooLittleVariety(secret as string | Buffer)) return [];
  return [
    problem(
      'E051',
      length < 0
        ? 'loginThrottle.secret is neither a string nor a Buffer.'
        : `loginThrottle.secret has ${length} bytes${length >= MIN_THROTTLE_SECRET_BYTES ? ` but fewer than ${MIN_DISTINCT_SECRET_BYTES} distinct ones` : ''}; at least ${MIN_THROTTLE_SECRET_BYTES} random bytes are needed.`,
      fix,
    ),
  ];
};

function isLimit(value: unknown): value is ThrottleLimit {
  const limit = value as ThrottleLimit;
  return typeof limit === 'object' && limit !== null && limit.limit > 0 && limit.ttl > 0;
}

/**
 * E052: one address cannot spend the per-login budget on its own. Within one per-login window an address
 * gets `perAddress.limit` attempts per `perAddress.ttl`; that must stay below `perLogin.limit`, or a single
 * attacker makes every client without a device cookie wait.
 */
export const checkLoginThrottleBudgets: Check = ({ settings }) => {
  const throttle = settings.loginThrottle;
  if (throttle === false || !isLimit(throttle.perLogin)) return [];
  const { perAddress, perLogin } = throttle;
  if (perAddress !== false && !isLimit(perAddress)) return []; // reported by E040
  const fromOne = perAddress === false ? Infinity : perAddress.limit * Math.ceil(perLogin.ttl / perAddress.ttl);
  if (fromOne < perLogin.limit) return [];
  const problems: CheckProblem[] = [
    problem(
      'E052',
      perAddress === false
        ? 'loginThrottle.perAddress is false while perLogin is on: one address can spend any account’s per-login budget and make every client without a device cookie wait.'
        : `One address may make ${fromOne} attempts (perAddress ${perAddress.limit} per ${perAddress.ttl} ms) within one per-login window (${perLogin.limit} per ${perLogin.ttl} ms): one attacker alone can make an account wait.`,
      perAddress === false
        ? 'Keep a per-address budget (the default { limit: 20, ttl: 60_000 }), or set perLogin to false as well.'
        : `Keep perAddress.limit × ceil(perLogin.ttl / perAddress.ttl) below perLogin.limit: raise perLogin.limit above ${fromOne}, or lower perAddress.`,
    ),
  ];
  return problems;
};
