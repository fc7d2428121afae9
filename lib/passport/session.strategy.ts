import passport from 'passport';
import { AuthenticationFailed } from '../errors/exceptions.js';

type Verify = (request: object, done: (error: unknown, user?: object | null) => void) => void;

interface StrategyActions {
  success(user: object): void;
  fail(challenge: string, status: number): void;
  error(error: unknown): void;
}

const BaseStrategy = passport.Strategy as unknown as new () => object;

/** A passport strategy that hands the request to `verify` (which reads the session). */
export class SessionStrategyBase extends BaseStrategy {
  name = 'registration-session-base';
  private readonly verify: Verify;

  constructor(...args: [Verify]) {
    super();
    this.verify = args[args.length - 1];
  }

  authenticate(this: SessionStrategyBase & StrategyActions, request: object): void {
    this.verify(request, (error, user) => {
      if (error instanceof AuthenticationFailed) return this.fail('Session', 401);
      if (error) return this.error(error);
      if (!user) return this.fail('Session', 401);
      this.success(user);
    });
  }
}
