import passport from 'passport';
import { AuthenticationFailed } from '../errors/exceptions.js';

/** What passport adds to a strategy while it authenticates a request. */
export interface StrategyActions {
  success(user: object): void;
  fail(challenge: string, status: number): void;
  error(error: unknown): void;
}

/** passport's `Strategy`, typed as the plain base class it is. */
export const BaseStrategy = passport.Strategy as unknown as new () => object;

/**
 * Ends a strategy's `authenticate` with what its verify callback gave: a refused credential (or no user)
 * is a passport "fail", so `AuthGuard([...])` tries the next strategy; anything else, a database outage
 * say, is an error.
 */
export function settle(
  actions: StrategyActions,
  challenge: string,
  error: unknown,
  user: object | null | false | undefined,
): void {
  if (error instanceof AuthenticationFailed) return actions.fail(challenge, 401);
  if (error) return actions.error(error);
  if (!user) return actions.fail(challenge, 401);
  actions.success(user);
}
