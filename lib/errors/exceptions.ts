import { HttpException, HttpStatus } from '@nestjs/common';
import {
  DEFAULT_MESSAGES,
  formatMessage,
  type MessageParams,
  type MessageRef,
  type RegistrationMessageKey,
} from '../messages/default-messages.js';

/** Body every error of this module carries unless it is a field error: `{"detail": message}`. */
export interface DetailBody {
  detail: string;
}

/**
 * Base of all errors with a `{"detail": ...}` body. Plain Nest `HttpException`s, so host filters see them.
 * Given a message key instead of a text, the body holds the default English text and the key is kept,
 * so that the module's `messages` setting can replace it before the error leaves the module.
 */
export class RegistrationHttpException extends HttpException {
  /** The message's key when the detail is one of the module's messages (see `DEFAULT_MESSAGES`). */
  readonly messageKey?: RegistrationMessageKey;
  /** The values of the message's placeholders. */
  readonly messageParams?: MessageParams;

  constructor(detail: string | MessageRef, status: number) {
    const text = typeof detail === 'string' ? detail : formatMessage(DEFAULT_MESSAGES[detail.key], detail.params);
    super({ detail: text } satisfies DetailBody, status);
    if (typeof detail !== 'string') {
      this.messageKey = detail.key;
      this.messageParams = detail.params;
    }
  }

  get detail(): string {
    return (this.getResponse() as DetailBody).detail;
  }

  /** Headers this answer implies (`WWW-Authenticate`, `Retry-After`, `Allow`), set with the localised body. */
  get headers(): Readonly<Record<string, string>> {
    return {};
  }

  /** Replaces the body's text (used to apply the `messages` setting). */
  setDetail(detail: string): void {
    (this.getResponse() as DetailBody).detail = detail;
  }
}

/** HTTP 400 "Bad Request": the base of the contract's exceptions (section 7). */
export class BadRequest extends RegistrationHttpException {
  constructor(detail: string | MessageRef = 'Bad Request') {
    super(detail, HttpStatus.BAD_REQUEST);
  }
}

/** Thrown by authenticators when no user matches; login answers `LoginInvalid` instead. */
export class UserNotFound extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'userNotFound' }) {
    super(detail);
  }
}

/** "Login or password invalid.": the one answer to every failed login. */
export class LoginInvalid extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'loginInvalid' }) {
    super(detail);
  }
}

/** A token manager could not process a token. */
export class AuthTokenError extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'authTokenError' }) {
    super(detail);
  }
}

/** A token manager could not provide a token on login. */
export class AuthTokenNotProvided extends AuthTokenError {
  constructor(detail: string | MessageRef = { key: 'authTokenNotProvided' }) {
    super(detail);
  }
}

/** A token manager cannot revoke tokens (for example stateless JWT). */
export class AuthTokenNotRevoked extends AuthTokenError {
  constructor(detail: string | MessageRef = { key: 'authTokenNotRevoked' }) {
    super(detail);
  }
}

/** There is no token to revoke. */
export class AuthTokenNotFound extends AuthTokenError {
  constructor(detail: string | MessageRef = { key: 'authTokenNotFound' }) {
    super(detail);
  }
}

/** HTTP 401 without credentials. Carries the scheme for the `WWW-Authenticate` header. */
export class NotAuthenticated extends RegistrationHttpException {
  constructor(
    detail: string | MessageRef = { key: 'notAuthenticated' },
    /** The scheme named in `WWW-Authenticate`; a guard sets its own before answering. */
    public authenticateHeader = 'Token',
  ) {
    super(detail, HttpStatus.UNAUTHORIZED);
  }

  override get headers(): Readonly<Record<string, string>> {
    return { 'WWW-Authenticate': this.authenticateHeader };
  }
}

/** HTTP 401 with bad credentials (unknown token, malformed header, inactive user). */
export class AuthenticationFailed extends RegistrationHttpException {
  constructor(
    detail: string | MessageRef = { key: 'authenticationFailed' },
    /** The scheme named in `WWW-Authenticate`; a guard sets its own before answering. */
    public authenticateHeader = 'Token',
  ) {
    super(detail, HttpStatus.UNAUTHORIZED);
  }

  override get headers(): Readonly<Record<string, string>> {
    return { 'WWW-Authenticate': this.authenticateHeader };
  }
}

/** HTTP 405 for any method but the route's own. */
export class MethodNotAllowed extends RegistrationHttpException {
  constructor(
    method: string,
    /** The methods the route answers, for the `Allow` header. */
    readonly allow = 'POST, OPTIONS',
  ) {
    super({ key: 'methodNotAllowed', params: { method } }, HttpStatus.METHOD_NOT_ALLOWED);
  }

  override get headers(): Readonly<Record<string, string>> {
    return { Allow: this.allow };
  }
}

/** HTTP 415 for a body of a media type the route does not parse. */
export class UnsupportedMediaType extends RegistrationHttpException {
  constructor(mediaType: string) {
    super({ key: 'unsupportedMediaType', params: { media_type: mediaType } }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

/** HTTP 400 for a body that could not be parsed. */
export class ParseError extends RegistrationHttpException {
  constructor(detail: string | MessageRef) {
    super(detail, HttpStatus.BAD_REQUEST);
  }
}

/** Field errors in DRF's shape: `{"login": ["This field is required."]}`. */
export type FieldErrors = { [field: string]: string[] | FieldErrors };

/** HTTP 400 with field errors (the serializer's answer), written in the request's language. */
export class ValidationFailed extends HttpException {
  constructor(readonly errors: FieldErrors) {
    super(errors, HttpStatus.BAD_REQUEST);
  }
}

/**
 * HTTP 503 when a backing service (the database) does not answer. Thrown instead of the driver's
 * connection errors, so clients get `{"detail": ...}` and no internals; retrying later is safe.
 */
export class ServiceUnavailable extends RegistrationHttpException {
  constructor(detail: string | MessageRef = { key: 'serviceUnavailable' }) {
    super(detail, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
