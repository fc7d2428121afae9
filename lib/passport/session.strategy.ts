import { BaseStrategy, settle, type StrategyActions } from './strategy-base.js';

type Verify = (request: object, done: (error: unknown, user?: object | null) => void) => void;

/** A passport strategy that hands the request to `verify` (which reads the session). */
export class SessionStrategyBase extends BaseStrategy {
  name = 'registration-session-base';
  private readonly verify: Verify;

  constructor(...args: [Verify]) {
    super();
    this.verify = args[args.length - 1];
  }

  authenticate(this: SessionStrategyBase & StrategyActions, request: object): void {
    this.verify(request, (error, user) => settle(this, 'Session', error, user));
  }
}
