import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { normalizeIp, type ThrottlerStorage } from '@nestjs/throttler';
import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { ServiceUnavailable } from '../errors/exceptions.js';
import { appendSetCookie, type HttpRequest } from '../http/http.js';
import {
  type LoginThrottledEvent,
  RegistrationEvent,
  RegistrationEvents,
  requestInfo,
} from '../events/registration-events.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { ClientAddressResolver } from './client-address.js';
import { deviceCookieHeader, deviceEntries, verifiesFor } from './device-cookie.js';
import { loginTargets } from './login-accounts.js';
import type { ResolvedLoginThrottle, ThrottleLimit } from './login-throttle.options.js';
import { MemoryThrottlerStorage } from './memory-throttler-storage.js';
import { Throttled } from '../errors/throttled.exception.js';

/** Names of the two budgets, as `@nestjs/throttler` throttler names (and storage key parts). */
export const LOGIN_THROTTLERS = {
  perAddress: 'registration-login-address',
  perLogin: 'registration-login-value',
  perDevice: 'registration-login-device',
  /** `GET <prefix>/csrf`: the per-address limits, counted apart from login's. */
  csrf: 'registration-csrf-address',
} as const;

/**
 * The login route's brute-force limits (`loginThrottle` setting), counted in a `@nestjs/throttler`
 * storage. Keys hold HMAC-SHA-256 digests keyed with `loginThrottle.secret`, never a login value or
 * address in clear, and not recoverable by hashing guesses without the secret.
 */
@Injectable()
export class LoginThrottler implements OnApplicationShutdown {
  readonly options: ResolvedLoginThrottle | false;
  /** Where the hits are counted: `loginThrottle.storage`, or the module's own bounded memory store. */
  storage?: ThrottlerStorage;
  /** With `loginThrottle: false`, the store the other routes' budgets count in (made at their first hit). */
  private fallbackStorage?: MemoryThrottlerStorage;
  private readonly addresses?: ClientAddressResolver;
  private readonly logger = new Logger('Registration');
  /** Keys the storage keys and signs device cookies (`loginThrottle.secret`, else random per process). */
  private readonly secret: Buffer;

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) settings: RegistrationConfiguration,
    private readonly events: RegistrationEvents,
    private readonly users: RegistrationUsers,
  ) {
    this.options = settings.loginThrottle;
    // A missing or short secret with a shared storage is refused by check E051.
    this.secret = this.options === false ? randomBytes(32) : this.options.key;
    if (this.options === false) return;
    this.storage = this.options.storage;
    try {
      this.addresses = new ClientAddressResolver(this.options.trustProxy, this.options.forwardedHeader);
    } catch {
      // Reported by startup check E040 with the other problems.
    }
  }

  /** The client address used as the per-address key (IPv6 grouped per /64). */
  clientAddress(request: HttpRequest): string {
    const address = (this.addresses ?? new ClientAddressResolver(false)).resolve(request);
    return isIP(address) === 6 ? normalizeIp(address) : address;
  }

  /**
   * Counts an attempt from this request's address; throws `Throttled` (429) when over budget. `budget`
   * names the count: login's own, or the CSRF route's (same limits, kept apart).
   */
  async checkAddress(request: HttpRequest, budget: string = LOGIN_THROTTLERS.perAddress): Promise<void> {
    if (this.options === false || this.options.perAddress === false) return;
    const address = this.clientAddress(request);
    const wait = await this.hit(budget, address, this.options.perAddress);
    if (wait !== undefined)
      this.refuse(wait, { budget: 'perAddress', clientAddress: address, request: requestInfo(request) });
  }

  /**
   * Counts an attempt on every account (or unknown login value) the validated data targets; throws
   * `Throttled` when one is over budget. An account the request's device cookie is valid for counts
   * against that device's budget (`perDevice`) instead of the account's (`perLogin`).
   */
  async checkLogin(data: object, request: HttpRequest): Promise<void> {
    if (this.options === false || (this.options.perLogin === false && this.options.perDevice === false)) return;
    const { perLogin, perDevice } = this.options;
    const targets = await loginTargets(data, this.users, this.options.loginValues);
    const entries = perDevice === false ? [] : deviceEntries(request);
    // Budget keys of this attempt, each counted once: a known device's own, else the value's and its accounts'.
    const hits = new Map<string, { name: string; limit: ThrottleLimit; login: string }>();
    for (const target of targets) {
      const account = target.accounts.find((id) => entries.some((entry) => verifiesFor(this.secret, entry, id)));
      if (account !== undefined && perDevice !== false) {
        const entry = entries.find((candidate) => verifiesFor(this.secret, candidate, account))!;
        hits.set(`device\0${account}\0${entry.nonce}`, {
          name: LOGIN_THROTTLERS.perDevice,
          limit: perDevice,
          login: target.login,
        });
      } else if (perLogin !== false) {
        // An unknown value gets a stand-in for the account key: known and unknown cost the same storage calls.
        const accounts =
          target.accounts.length > 0 ? target.accounts.map((id) => `account\0${id}`) : [`none\0${target.login}`];
        for (const key of [`login\0${target.login}`, ...accounts]) {
          hits.set(key, { name: LOGIN_THROTTLERS.perLogin, limit: perLogin, login: target.login });
        }
      }
    }
    let refused: { wait: number; login: string; name: string } | undefined;
    for (const [key, { name, limit, login }] of hits) {
      const wait = await this.hit(name, key, limit);
      if (wait !== undefined && (refused === undefined || wait > refused.wait)) refused = { wait, login, name };
    }
    if (refused === undefined) return;
    this.refuse(refused.wait, {
      budget: refused.name === LOGIN_THROTTLERS.perDevice ? 'perDevice' : 'perLogin',
      clientAddress: this.clientAddress(request),
      login: refused.login,
      request: requestInfo(request),
    });
  }

  /** After a successful login: marks the client as a known device of `user` (the `nrr_device` cookie). */
  rememberDevice(user: object, request: HttpRequest, response: unknown): void {
    if (this.options === false || this.options.perDevice === false || response === undefined) return;
    appendSetCookie(response, deviceCookieHeader(this.secret, this.users.getId(user), request));
  }

  /**
   * Counts one hit of `value` on the budget `name`; resolves the wait in seconds when over budget. The
   * storage is `loginThrottle`'s (the other routes' budgets share it, even when login's are off).
   */
  async hit(name: string, value: string, limit: ThrottleLimit): Promise<number | undefined> {
    const storage = (this.storage ??= this.fallbackStorage = new MemoryThrottlerStorage());
    const key = `${name}:${createHmac('sha256', this.secret).update(value).digest('hex')}`;
    let record: Awaited<ReturnType<ThrottlerStorage['increment']>>;
    try {
      record = await storage.increment(key, limit.ttl, limit.limit, limit.ttl, name);
    } catch (error) {
      // Without counts the limits cannot hold: answer 503 as for a database outage, never let the attempt through.
      this.logger.warn(`Throttle storage unavailable (${(error as Error)?.name ?? 'error'}); answering 503`);
      throw new ServiceUnavailable();
    }
    return record.isBlocked ? record.timeToBlockExpire : undefined;
  }

  private refuse(wait: number, event: Omit<LoginThrottledEvent, 'wait'>): never {
    // Its Retry-After header is written with the answer (`RegistrationMessages.localizeFor`).
    const error = new Throttled(wait);
    this.events.emit(RegistrationEvent.LoginThrottled, { ...event, wait: error.wait });
    throw error;
  }

  onApplicationShutdown(): void {
    this.fallbackStorage?.onApplicationShutdown();
    if (this.options !== false && this.options.ownStorage) {
      (this.options.storage as { onApplicationShutdown?: () => void }).onApplicationShutdown?.();
    }
  }
}
