import { type Check, problem } from './check.js';

/** E060: `tokenIdleTimeout` is null or at least 60 seconds (last use is recorded to the minute); E061: `tokenLimitPerUser` is null or a positive integer. */
export const checkTokenLimits: Check = ({ settings }) => {
  const problems = [];
  const idle = settings.tokenIdleTimeout as unknown;
  if (idle !== null && !(typeof idle === 'number' && Number.isFinite(idle) && idle >= 60)) {
    problems.push(
      problem(
        'E060',
        `tokenIdleTimeout is ${String(idle)}.`,
        'Set tokenIdleTimeout to at least 60 seconds (last use is recorded to the minute), or null for no idle timeout.',
      ),
    );
  }
  const limit = settings.tokenLimitPerUser as unknown;
  if (limit !== null && !(typeof limit === 'number' && Number.isInteger(limit) && limit > 0)) {
    problems.push(
      problem(
        'E061',
        `tokenLimitPerUser is ${String(limit)}.`,
        'Set tokenLimitPerUser to a positive whole number of tokens per user, or null for no limit.',
      ),
    );
  }
  return problems;
};
