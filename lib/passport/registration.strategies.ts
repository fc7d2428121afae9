import { Injectable, SetMetadata } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthTokenManager, authenticateWithManager } from '../auth-token/auth-token-manager.js';
import { REGISTRATION_STRATEGY } from '../registration.constants.js';
import { SessionAuthGuard } from '../session/session-auth.guard.js';
import { SessionStrategyBase } from './session.strategy.js';
import { TokenHeaderStrategy } from './token-header.strategy.js';

/** Stable passport names of the module's strategies. */
export const REGISTRATION_TOKEN_STRATEGY = 'registration-token';
export const REGISTRATION_JWT_STRATEGY = 'registration-jwt';
export const REGISTRATION_SESSION_STRATEGY = 'registration-session';

/**
 * The module's token authentication as the passport strategy `registration-token`, to compose with your
 * own: `@UseGuards(AuthGuard(['registration-token', 'jwt']))`. Add it to the providers of a module that
 * imports `RegistrationModule`. Checks tokens with whatever `AuthTokenManager` is configured.
 */
@Injectable()
@SetMetadata(REGISTRATION_STRATEGY, 'token')
export class RegistrationTokenStrategy extends PassportStrategy(TokenHeaderStrategy, REGISTRATION_TOKEN_STRATEGY) {
  constructor(private readonly manager: AuthTokenManager) {
    super({ challenge: 'Token' });
  }

  validate(token: string): Promise<object> {
    return authenticateWithManager(this.manager, token);
  }
}

/**
 * `JwtAuthTokenManager`'s tokens as the passport strategy `registration-jwt` (`Authorization: Bearer`).
 * The same check as `registration-token`, under a name that says what it accepts.
 */
@Injectable()
@SetMetadata(REGISTRATION_STRATEGY, 'token')
export class RegistrationJwtStrategy extends PassportStrategy(TokenHeaderStrategy, REGISTRATION_JWT_STRATEGY) {
  constructor(private readonly manager: AuthTokenManager) {
    super({ challenge: 'Bearer' });
  }

  validate(token: string): Promise<object> {
    return authenticateWithManager(this.manager, token);
  }
}

/**
 * The session login of the module as the passport strategy `registration-session` (CSRF checked on
 * unsafe methods, like `SessionAuthGuard`).
 */
@Injectable()
@SetMetadata(REGISTRATION_STRATEGY, 'session')
export class RegistrationSessionStrategy extends PassportStrategy(SessionStrategyBase, REGISTRATION_SESSION_STRATEGY) {
  constructor(private readonly sessionGuard: SessionAuthGuard) {
    super();
  }

  validate(request: object): Promise<object | null> {
    return this.sessionGuard.authenticate(request as never);
  }
}
