import type { ThrottlerStorage } from '@nestjs/throttler';
import type { LoginValuesReader } from './login-accounts.js';

/** One budget: at most `limit` login attempts per `ttl` milliseconds, then a wait of `ttl`. */
export interface ThrottleLimit {
  /** Attempts allowed in the window. */
  limit: number;
  /** Length of the window, and of the wait once the limit is passed, in milliseconds (as `@nestjs/throttler`). */
  ttl: number;
}

/**
 * Brute-force limits of `POST <prefix>/login`. Budgets are kept apart: one per client address (slows
 * spraying many logins from one place), one per account and login value (slows a distributed attack on one
 * account) and one per known device (a client that logged in before keeps logging in while its account's
 * budget is spent). One address may not be able to spend a per-login budget alone (check E052).
 */
export interface LoginThrottleOptions {
  /**
   * Budget of each client address, counted once the adapter has parsed the body and before it is validated
   * (malformed requests count too).
   * IPv6 addresses share a budget per /64, the block one customer usually holds.
   * @default { limit: 20, ttl: 60_000 }
   */
  perAddress?: ThrottleLimit | false;
  /**
   * Budget of each login value (trimmed, lower-cased) and of each user it names (so one account's username
   * and e-mail share it), counted after the body is valid and only when the address budget allowed the
   * request, before any password is hashed. Attempts with a device cookie of that user count on `perDevice`.
   * @default { limit: 30, ttl: 60_000 }
   */
  perLogin?: ThrottleLimit | false;
  /**
   * Budget of each known device: a client that logged in successfully gets a signed `nrr_device` cookie
   * (HttpOnly, path of the login route, 180 days) bound to that account. Attempts on that account sent
   * with a valid device cookie count against the device's own budget instead of `perLogin`, so whoever
   * spends the account's budget cannot lock the owner out of a device it used before. `false`: no device
   * cookies; every client shares `perLogin`.
   * @default { limit: 10, ttl: 60_000 }
   */
  perDevice?: ThrottleLimit | false;
  /**
   * The login values an attempt targets, read from the validated login data, when the serializer names
   * them other than `login` or a login field (for example `identifier`): each is counted as `login` is.
   * Without it such a serializer is refused at startup (check E050), since its attempts could not be counted.
   * @default null (`login` and the keys named in `userLoginFields`)
   */
  loginValues?: LoginValuesReader | null;
  /**
   * Secret that keys the throttle keys (HMAC-SHA-256 of addresses, accounts and login values) and signs
   * device cookies; at least 32 bytes. Required with a shared `storage` (the same on every instance, so
   * their keys and cookies agree: check E051); otherwise a random one is made per process (device cookies
   * then end with the process).
   * @default a random secret per process (in-memory storage only)
   */
  secret?: string | Buffer;
  /**
   * Where the hits are counted: any `@nestjs/throttler` `ThrottlerStorage`. The default keeps them in this
   * process's memory; with several app instances use a shared one such as `RedisThrottlerStorage`.
   * @default new MemoryThrottlerStorage() (in memory, at most 100,000 keys)
   */
  storage?: ThrottlerStorage;
  /**
   * Which `X-Forwarded-For` entries to believe when finding the client address. `false`: none, the TCP
   * peer is the client (a spoofed header is ignored). A number: that many proxies in front of the app
   * (the address that many hops from the right). A list: addresses or CIDR blocks of trusted proxies
   * (`'10.0.0.0/8'`, `'::1'`, `'loopback'`); entries are read from the right while the sender is trusted.
   * Express's own `trust proxy` setting is not consulted.
   * @default false
   */
  trustProxy?: false | number | string[];
  /**
   * The header trusted proxies write the client address in: `'x-forwarded-for'` (entries such as
   * `198.51.100.1`, `198.51.100.1:4711`, `[2001:db8::1]:443` or `unknown`), RFC 7239 `'forwarded'` (its
   * `for=` parameters) or `'x-real-ip'` (one address, set by the proxy next to the app). Only read when
   * `trustProxy` trusts the sender; the others are ignored.
   * @default 'x-forwarded-for'
   */
  forwardedHeader?: ForwardedHeader;
}

/** Where trusted proxies put the client address. */
export type ForwardedHeader = 'x-forwarded-for' | 'forwarded' | 'x-real-ip';

/** Throttle settings with every default applied (by the module's `resolveConfiguration`). */
export interface ResolvedLoginThrottle {
  readonly perAddress: ThrottleLimit | false;
  readonly perLogin: ThrottleLimit | false;
  readonly perDevice: ThrottleLimit | false;
  /** As given (check E051 judges it); `undefined` when none was given. */
  readonly secret: string | Buffer | undefined;
  /** What keys the throttle keys and signs device cookies: `secret`, or a random one made for this process. */
  readonly key: Buffer;
  readonly loginValues: LoginValuesReader | null;
  /** `loginThrottle.storage`, or the module's own `MemoryThrottlerStorage`. */
  readonly storage: ThrottlerStorage;
  /** Whether `storage` is the module's own (made by default), which it stops on shutdown. */
  readonly ownStorage: boolean;
  readonly trustProxy: false | number | string[];
  readonly forwardedHeader: ForwardedHeader;
}
