import { CHECK_ID_PREFIX } from '../registration.constants.js';

/** One configuration problem found at startup. */
export interface CheckProblem {
  /** For example `registration.E010`. */
  id: string;
  problem: string;
  fix: string;
}

export function problem(code: string, text: string, fix: string): CheckProblem {
  return { id: `${CHECK_ID_PREFIX}.${code}`, problem: text, fix };
}

/** Error thrown before the app listens when any check fails; lists every problem. */
export class RegistrationConfigurationError extends Error {
  constructor(readonly problems: CheckProblem[]) {
    super(
      `nestjs-rest-registration is misconfigured (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  [${p.id}] ${p.problem}\n    Fix: ${p.fix}`).join('\n'),
    );
    this.name = 'RegistrationConfigurationError';
  }
}
