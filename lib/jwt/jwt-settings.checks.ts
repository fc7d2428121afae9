import { type CheckProblem, problem } from '../checks/check.js';
import { hasTooLittleVariety, MIN_DISTINCT_SECRET_BYTES } from '../checks/secret-strength.js';
import type { ResolvedJwtSettings } from '../interfaces/registration-configuration.interface.js';

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];

/**
 * E054 (`jwt.algorithm` none or unknown: unsigned tokens, then every token refused), E055 (an asymmetric
 * algorithm with the shared secret this manager signs with: every login 500) and E056 (a secret of a few
 * distinct bytes, such as one byte repeated).
 */
export function jwtAlgorithmAndSecretProblems(options: ResolvedJwtSettings, secretLongEnough: boolean): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const algorithm = options.algorithm as unknown;
  if (!HMAC_ALGORITHMS.includes(algorithm as string)) {
    const asymmetric = typeof algorithm === 'string' && /^(RS|ES|PS)\d{3}$|^EdDSA$/.test(algorithm);
    problems.push(
      asymmetric
        ? problem(
            'E055',
            `jwt.algorithm is ${algorithm}, which signs with a private key, but JwtAuthTokenManager signs with the shared jwt.secret: every login would fail.`,
            `Use ${HMAC_ALGORITHMS.join(', ')} (default HS256) with jwt.secret, or a token manager of your own for key pairs.`,
          )
        : problem(
            'E054',
            `jwt.algorithm is ${JSON.stringify(algorithm)}${algorithm === 'none' ? ' (unsigned tokens: anyone could write one)' : ''}, which JwtAuthTokenManager cannot sign and verify with.`,
            `Set jwt.algorithm to one of ${HMAC_ALGORITHMS.join(', ')}, or leave it out for HS256.`,
          ),
    );
  }
  const secret = options.secret;
  if (secretLongEnough && secret !== undefined && secret !== null && hasTooLittleVariety(secret)) {
    problems.push(
      problem(
        'E056',
        `jwt.secret has fewer than ${MIN_DISTINCT_SECRET_BYTES} distinct bytes (for example one byte repeated): it can be guessed.`,
        'Use a random secret of at least 32 bytes, e.g. `openssl rand -base64 48`.',
      ),
    );
  }
  return problems;
}
