import { parseTokenHeader } from '../auth-token/token-header.js';
import { BaseStrategy, settle, type StrategyActions } from './strategy-base.js';

type Done = (error: unknown, user?: object | false) => void;
type Verify = (token: string, done: Done) => void;

/**
 * A passport strategy reading `Authorization: Token <key>` or `Bearer <key>`. A missing, malformed or
 * refused token is a passport "fail" (so `AuthGuard([...])` tries the next strategy); anything else,
 * a database outage say, is an error.
 */
export class TokenHeaderStrategy extends BaseStrategy {
  name = 'registration-token-header';

  private readonly verify: Verify;
  private readonly challenge: string;

  /** `new TokenHeaderStrategy([options,] verify)`, the usual passport signature. */
  constructor(...args: [Verify] | [{ challenge?: string }, Verify]) {
    super();
    this.verify = args[args.length - 1] as Verify;
    this.challenge = (args.length > 1 ? (args[0] as { challenge?: string }).challenge : undefined) ?? 'Token';
  }

  authenticate(this: TokenHeaderStrategy & StrategyActions, request: { headers: Record<string, unknown> }): void {
    let token: string | null;
    try {
      token = parseTokenHeader(request.headers.authorization as string | undefined, this.challenge);
    } catch {
      return this.fail(this.challenge, 401);
    }
    if (token === null) return this.fail(this.challenge, 401);
    this.verify(token, (error, user) => settle(this, this.challenge, error, user));
  }
}
