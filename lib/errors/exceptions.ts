import { HttpException, HttpStatus } from '@nestjs/common';

/** Body every error of this module carries unless it is a field error: `{"detail": message}`. */
export interface DetailBody {
  detail: string;
}

/** Base of all errors with a `{"detail": ...}` body. Plain Nest `HttpException`s, so host filters see them. */
export class RegistrationHttpException extends HttpException {
  constructor(detail: string, status: number) {
    super({ detail } satisfies DetailBody, status);
  }

  get detail(): string {
    return (this.getResponse() as DetailBody).detail;
  }
}

/** HTTP 400 "Bad Request": the base of the contract's exceptions (section 7). */
export class BadRequest extends RegistrationHttpException {
  constructor(detail = 'Bad Request') {
    super(detail, HttpStatus.BAD_REQUEST);
  }
}

/** Thrown by authenticators when no user matches; login answers `LoginInvalid` instead. */
export class UserNotFound extends BadRequest {
  constructor(detail = 'User not found') {
    super(detail);
  }
}

/** "Login or password invalid.": the one answer to every failed login. */
export class LoginInvalid extends BadRequest {
  constructor(detail = 'Login or password invalid.') {
    super(detail);
  }
}

/** A token manager could not process a token. */
export class AuthTokenError extends BadRequest {
  constructor(detail = 'Could not process authentication token') {
    super(detail);
  }
}

/** A token manager could not provide a token on login. */
export class AuthTokenNotProvided extends AuthTokenError {
  constructor(detail = 'Authentication token could not be provided') {
    super(detail);
  }
}

/** A token manager cannot revoke tokens (for example stateless JWT). */
export class AuthTokenNotRevoked extends AuthTokenError {
  constructor(detail = 'Authentication token cannot be revoked') {
    super(detail);
  }
}

/** There is no token to revoke. */
export class AuthTokenNotFound extends AuthTokenError {
  constructor(detail = 'Authentication token not found') {
    super(detail);
  }
}

/** HTTP 401 without credentials. Carries the scheme for the `WWW-Authenticate` header. */
export class NotAuthenticated extends RegistrationHttpException {
  constructor(
    readonly authenticateHeader = 'Token',
    detail = 'Authentication credentials were not provided.',
  ) {
    super(detail, HttpStatus.UNAUTHORIZED);
  }
}

/** HTTP 401 with bad credentials (unknown token, malformed header, inactive user). */
export class AuthenticationFailed extends RegistrationHttpException {
  constructor(
    detail = 'Incorrect authentication credentials.',
    readonly authenticateHeader = 'Token',
  ) {
    super(detail, HttpStatus.UNAUTHORIZED);
  }
}

/** HTTP 405 for any method but the route's own. */
export class MethodNotAllowed extends RegistrationHttpException {
  constructor(method: string) {
    super(`Method "${method}" not allowed.`, HttpStatus.METHOD_NOT_ALLOWED);
  }
}

/** HTTP 415 for a body of a media type the route does not parse. */
export class UnsupportedMediaType extends RegistrationHttpException {
  constructor(mediaType: string) {
    super(`Unsupported media type "${mediaType}" in request.`, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

/** HTTP 400 for a body that could not be parsed. */
export class ParseError extends RegistrationHttpException {
  constructor(detail: string) {
    super(detail, HttpStatus.BAD_REQUEST);
  }
}

/** Field errors in DRF's shape: `{"login": ["This field is required."]}`. */
export type FieldErrors = { [field: string]: string[] | FieldErrors };

/** HTTP 400 with field errors (the serializer's answer). */
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
  constructor(detail = 'Service temporarily unavailable, try again later.') {
    super(detail, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
