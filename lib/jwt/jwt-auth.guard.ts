import { Injectable } from '@nestjs/common';
import { TokenAuthGuard } from '../auth-token/token-auth.guard.js';

/**
 * Authenticates `Authorization: Bearer <jwt>` (or `Token <jwt>`) with `JwtAuthTokenManager`: signature,
 * expiry, issuer/audience when set, the denylist when configured, and an active user. Answers 401
 * `{"detail":"Invalid token."}` for expired or tampered tokens, never 500.
 */
@Injectable()
export class JwtAuthGuard extends TokenAuthGuard {
  protected override readonly scheme: string = 'Bearer';
}
