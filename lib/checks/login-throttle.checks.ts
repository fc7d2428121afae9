import { type Check, type CheckProblem, problem } from './check.js';
import { ClientAddressResolver } from '../throttling/client-address.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function describeLimit(name: string, limit: ThrottleLimit | false): string | undefined {
  if (limit === false) return undefined;
  if (typeof limit !== 'object' || limit === null || !isPositiveInteger(limit.limit) || !isPositiveInteger(limit.ttl)) {
    return `loginThrottle.${name} is ${JSON.stringify(limit)}`;
  }
  return undefined;
}

/** E040: `loginThrottle` budgets, storage and trusted proxies are usable. */
export const checkLoginThrottle: Check = ({ settings }) => {
  const throttle = settings.loginThrottle;
  if (throttle === false) return [];
  const problems: CheckProblem[] = [];
  const wrong = [describeLimit('perAddress', throttle.perAddress), describeLimit('perLogin', throttle.perLogin)].filter(
    Boolean,
  );
  if (wrong.length > 0) {
    problems.push(
      problem(
        'E040',
        `${wrong.join('; ')}.`,
        'Give each budget as { limit, ttl } with a positive whole number of attempts and a window in milliseconds, or false to drop it.',
      ),
    );
  }
  if (
    throttle.storage !== undefined &&
    typeof (throttle.storage as { increment?: unknown })?.increment !== 'function'
  ) {
    problems.push(
      problem(
        'E040',
        'loginThrottle.storage has no increment() method.',
        'Pass a @nestjs/throttler ThrottlerStorage, such as RedisThrottlerStorage, or leave it out.',
      ),
    );
  }
  const trustProxy = throttle.trustProxy as unknown;
  try {
    if (!(
      trustProxy === false ||
      (typeof trustProxy === 'number' && Number.isInteger(trustProxy) && trustProxy >= 0) ||
      Array.isArray(trustProxy)
    )) {
      throw new Error(`loginThrottle.trustProxy is ${JSON.stringify(trustProxy)}`);
    }
    new ClientAddressResolver(trustProxy);
  } catch (error) {
    problems.push(
      problem(
        'E040',
        `${(error as Error).message}.`,
        "Set trustProxy to false, the number of proxies in front of the app, or a list of their addresses or CIDR blocks ('10.0.0.0/8', 'loopback').",
      ),
    );
  }
  return problems;
};
