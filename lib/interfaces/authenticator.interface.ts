import type { RegistrationUsers } from '../users/registration-users.service.js';

/** What an authenticator receives beside the validated login data. */
export interface AuthenticatorContext {
  /** The validated serializer instance (the same object as the data). */
  serializer: object;
  /** The HTTP request (Express or Fastify), when called from the login route. */
  request?: unknown;
  /** User lookups and password checks of the configured user entity. */
  users: RegistrationUsers;
}

/**
 * Returns the user the login data identifies, or throws `UserNotFound` (login then answers
 * "Login or password invalid.").
 */
export type LoginAuthenticator = (data: Record<string, unknown>, context: AuthenticatorContext) => Promise<object>;

/** An authenticator as an injectable class. */
export interface AuthenticatorObject {
  authenticate: LoginAuthenticator;
}

/** Class form of `loginAuthenticator`; created with the module's DI. */
export type AuthenticatorClass = new (...args: never[]) => AuthenticatorObject;
