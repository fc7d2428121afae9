import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { normalizeIp, type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { type HttpRequest, setResponseHeader } from '../core/http.js';
import type { ResolvedRegistrationSettings } from '../interfaces/registration-settings.interface.js';
import { RESOLVED_SETTINGS } from '../registration.constants.js';
import { ClientAddressResolver } from './client-address.js';
import type { ResolvedLoginThrottle, ThrottleLimit } from './login-throttle.options.js';
import { Throttled } from './throttled.exception.js';

/** Names of the two budgets, as `@nestjs/throttler` throttler names (and storage key parts). */
export const LOGIN_THROTTLERS = { perAddress: 'registration-login-address', perLogin: 'registration-login-value' } as const;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The login route's brute-force limits (`loginThrottle` setting), counted in a `@nestjs/throttler`
 * storage. Keys hold SHA-256 digests, never a login value or address in clear.
 */
@Injectable()
export class LoginThrottler implements OnApplicationShutdown {
  readonly options: ResolvedLoginThrottle | false;
  private readonly storage?: ThrottlerStorage;
  private readonly ownStorage?: ThrottlerStorageService;
  private readonly addresses?: ClientAddressResolver;
  private readonly loginFields: string[];

  constructor(@Inject(RESOLVED_SETTINGS) settings: ResolvedRegistrationSettings) {
    this.loginFields = settings.userLoginFields;
    this.options = settings.loginThrottle;
    if (this.options === false) return;
    if (this.options.storage === undefined) this.ownStorage = new ThrottlerStorageService();
    this.storage = this.options.storage ?? this.ownStorage;
    try {
      this.addresses = new ClientAddressResolver(this.options.trustProxy);
    } catch {
      // Reported by startup check E040 with the other problems.
    }
  }

  /** The client address used as the per-address key (IPv6 grouped per /64). */
  clientAddress(request: HttpRequest): string {
    const address = (this.addresses ?? new ClientAddressResolver(false)).resolve(request);
    return address.includes(':') ? normalizeIp(address) : address;
  }

  /** Counts an attempt from this request's address; throws `Throttled` (429) when over budget. */
  async checkAddress(request: HttpRequest, response: unknown): Promise<void> {
    if (this.options === false || this.options.perAddress === false) return;
    await this.hit(LOGIN_THROTTLERS.perAddress, this.clientAddress(request), this.options.perAddress, response);
  }

  /** Counts an attempt on this login value (from the validated data); throws `Throttled` when over budget. */
  async checkLogin(data: object, response: unknown): Promise<void> {
    if (this.options === false || this.options.perLogin === false) return;
    const login = this.loginValue(data);
    if (login === undefined) return;
    await this.hit(LOGIN_THROTTLERS.perLogin, login, this.options.perLogin, response);
  }

  /** The value a login attempt targets: `login`, else the first login field present in the data. */
  protected loginValue(data: object): string | undefined {
    const record = data as Record<string, unknown>;
    const value = record.login ?? this.loginFields.map((field) => record[field]).find((candidate) => candidate != null);
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    return String(value).trim().toLowerCase();
  }

  private async hit(name: string, value: string, limit: ThrottleLimit, response: unknown): Promise<void> {
    const key = `${name}:${digest(value)}`;
    const record = await this.storage!.increment(key, limit.ttl, limit.limit, limit.ttl, name);
    if (!record.isBlocked) return;
    const error = new Throttled(record.timeToBlockExpire);
    setResponseHeader(response, 'Retry-After', String(error.wait));
    throw error;
  }

  onApplicationShutdown(): void {
    this.ownStorage?.onApplicationShutdown();
  }
}
