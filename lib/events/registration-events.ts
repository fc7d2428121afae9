import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { type HttpRequest, requestPath } from '../http/http.js';

/** Names of the events `RegistrationEvents` emits. */
export const RegistrationEvent = {
  LoginSucceeded: 'registration.login.succeeded',
  LoginFailed: 'registration.login.failed',
  Logout: 'registration.logout',
  /** A login attempt was refused by the `loginThrottle` limits (429). */
  LoginThrottled: 'registration.login.throttled',
  /** A user registered (after the verification e-mail was handed to the transport, when verification is on). */
  UserRegistered: 'registration.user.registered',
  /** verify-registration set the verification flag (not sent by the verification redirect, as upstream). */
  UserActivated: 'registration.user.activated',
  /** A verification e-mail was not accepted by the mailer (register then keeps no user and answers 503). */
  MailFailed: 'registration.mail.failed',
  /** verify-email (or its redirect), or register-email with verification off, changed a user's address. */
  UserEmailChanged: 'registration.user.email-changed',
  /** change-password stored a new password (every other token and session of the user ended). */
  PasswordChanged: 'registration.password.changed',
  /** reset-password set a new password (every token and session of the user ended). */
  PasswordReset: 'registration.password.reset',
} as const;

/** What an audit log may keep of a request: no body, no `Authorization`, no cookies. */
export interface RequestInfo {
  method: string;
  path: string;
  ip?: string;
  userAgent?: string;
}

export interface LoginSucceededEvent {
  /** The user, without its password column. */
  user: object;
  request: RequestInfo;
  /** Whether a token was issued (never the token itself). */
  tokenIssued: boolean;
}

export interface LoginFailedEvent {
  /** `invalid-credentials`, or `token-not-provided` when the token manager failed. */
  reason: 'invalid-credentials' | 'token-not-provided';
  /**
   * The declared login values of the validated data, and nothing else: `login` and the
   * `userLoginFields` keys when present (an allow-list: a `pin` or `otp` field never gets here).
   */
  credentials: Record<string, unknown>;
  /** The user, when it was identified (token manager failure); without its password column. */
  user?: object;
  request: RequestInfo;
}

export interface LogoutEvent {
  user: object;
  request: RequestInfo;
  /** Which tokens were revoked. */
  revoked: 'none' | 'token' | 'all';
}

export interface LoginThrottledEvent {
  /** Which budget ran out. */
  budget: 'perAddress' | 'perLogin' | 'perDevice';
  /** The client address the budget was counted for (after `trustProxy`). */
  clientAddress: string;
  /** The login value, for `perLogin` and `perDevice` (trimmed, lower-cased). */
  login?: string;
  /** Seconds until the next attempt is allowed (`Retry-After`). */
  wait: number;
  request: RequestInfo;
}

export interface UserRegisteredEvent {
  /** The new user, without its password column. */
  user: object;
  request: RequestInfo;
  /** Whether a verification e-mail was sent (verification on). */
  verificationSent: boolean;
}

export interface UserActivatedEvent {
  user: object;
  request: RequestInfo;
}

export interface MailFailedEvent {
  /** The flow whose message failed. */
  flow: 'register' | 'register-email' | 'reset-password';
  /** The user the message was for, without its password column (deleted again by register). */
  user: object;
  /** The transport's error code, SMTP reply code and command; never the message or its link. */
  details: { code?: string; responseCode?: number; command?: string };
  request: RequestInfo;
}

export interface UserEmailChangedEvent {
  /** The user with the new address, without its password column. */
  user: object;
  /** The address before the change (`null` when there was none). */
  oldEmail: string | null;
  newEmail: string;
  request: RequestInfo;
}

export interface PasswordChangedEvent {
  /** The user, without its password column. */
  user: object;
  request: RequestInfo;
  /** The credential of the request that stayed working (never the token itself). */
  kept: 'token' | 'session' | 'none';
}

/** A password was reset with a signed link. */
export interface PasswordResetEvent {
  /** The user, without its password column. */
  user: object;
  request: RequestInfo;
}

export interface RegistrationEventMap {
  [RegistrationEvent.UserEmailChanged]: UserEmailChangedEvent;
  [RegistrationEvent.PasswordChanged]: PasswordChangedEvent;
  [RegistrationEvent.PasswordReset]: PasswordResetEvent;
  [RegistrationEvent.UserRegistered]: UserRegisteredEvent;
  [RegistrationEvent.UserActivated]: UserActivatedEvent;
  [RegistrationEvent.MailFailed]: MailFailedEvent;
  [RegistrationEvent.LoginSucceeded]: LoginSucceededEvent;
  [RegistrationEvent.LoginFailed]: LoginFailedEvent;
  [RegistrationEvent.Logout]: LogoutEvent;
  [RegistrationEvent.LoginThrottled]: LoginThrottledEvent;
}

export function requestInfo(request: HttpRequest): RequestInfo {
  const userAgent = request.headers['user-agent'];
  return {
    method: request.method,
    path: requestPath(request),
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
  };
}

/** The login values of `data`: `login` and the login fields, when they are there (an allow-list). */
export function publicCredentials(data: object, loginFields: readonly string[]): Record<string, unknown> {
  const record = data as Record<string, unknown>;
  const credentials: Record<string, unknown> = {};
  for (const key of ['login', ...loginFields]) {
    if (Object.hasOwn(record, key) && record[key] !== undefined && record[key] !== null) credentials[key] = record[key];
  }
  return credentials;
}

/** What `forwardTo()` takes: `EventEmitter2` of `@nestjs/event-emitter`, or any emitter like it. */
export interface ForwardedEventEmitter {
  emit(event: string, payload: unknown): unknown;
  /** Used when present (`EventEmitter2`), so that a listener's rejected promise is logged, not left unhandled. */
  emitAsync?(event: string, payload: unknown): Promise<unknown>;
}

/**
 * Login and logout events for audit logs. Payloads never carry a password, a hash or a token.
 * A listener that throws is logged and does not affect the request. When the host imports
 * `EventEmitterModule` (`@nestjs/event-emitter`), every event also reaches its `@OnEvent()` listeners.
 *
 * ```ts
 * events.on(RegistrationEvent.LoginFailed, (event) => audit.write(event));
 * ```
 */
@Injectable()
export class RegistrationEvents {
  private readonly emitter = new EventEmitter();
  private readonly logger = new Logger('Registration');
  private readonly forwarded: ForwardedEventEmitter[] = [];

  /** Also emits every event, with the same payload, on `emitter` (the module does so with the host's `EventEmitter2`). */
  forwardTo(emitter: ForwardedEventEmitter): this {
    if (!this.forwarded.includes(emitter)) this.forwarded.push(emitter);
    return this;
  }

  on<K extends keyof RegistrationEventMap>(event: K, listener: (payload: RegistrationEventMap[K]) => void): this {
    this.emitter.on(event, listener);
    return this;
  }

  off<K extends keyof RegistrationEventMap>(event: K, listener: (payload: RegistrationEventMap[K]) => void): this {
    this.emitter.off(event, listener);
    return this;
  }

  emit<K extends keyof RegistrationEventMap>(event: K, payload: RegistrationEventMap[K]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (payload: RegistrationEventMap[K]) => void)(payload);
      } catch (error) {
        this.logListenerError(event, error);
      }
    }
    for (const emitter of this.forwarded) {
      try {
        if (typeof emitter.emitAsync === 'function')
          emitter.emitAsync(event, payload).catch((error: unknown) => this.logListenerError(event, error));
        else emitter.emit(event, payload);
      } catch (error) {
        this.logListenerError(event, error);
      }
    }
  }

  private logListenerError(event: string, error: unknown): void {
    this.logger.error(`A listener of ${event} threw ${(error as Error)?.name}`);
  }
}
