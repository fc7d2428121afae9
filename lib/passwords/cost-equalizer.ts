import { setTimeout as sleep } from 'node:timers/promises';

/** Weight of the newest measurement in a scheme's running estimate. */
const SMOOTHING = 0.2;
/**
 * Failures are padded past the slowest scheme's mean by this many of its mean deviations (and at
 * least 5%), so that its own noise rarely shows through: its checks then wait too, most of the time.
 */
const DEVIATIONS = 2;
const MIN_HEADROOM = 1.05;
/** Distinct schemes and parameter sets tracked; more are measured under the last slot. */
const MAX_SCHEMES = 32;

/**
 * Makes every failed password check cost what the slowest stored scheme costs. Each verification's
 * work (in the thread pool, after any wait for a slot) is measured per scheme and parameter set; a
 * check that fails, or runs on the dummy hash, then waits (a timer, no CPU) until it has taken the
 * slowest scheme's running estimate. An unknown user, an inactive one and a wrong password thus
 * take the same time whatever hash the account has. Successful checks are not padded: success is
 * visible anyway.
 */
export class CostEqualizer {
  /** Per scheme: running mean and mean absolute deviation of the work (ms). */
  private readonly estimates = new Map<string, { mean: number; deviation: number }>();

  /**
   * Runs `work` (a check of a hash of `scheme`) through `slot` (the concurrency limit), measuring the
   * work alone, and pads a failure to the slowest scheme's cost after the slot is free again.
   */
  async check(
    scheme: string,
    work: () => Promise<boolean>,
    slot: (work: () => Promise<boolean>) => Promise<boolean>,
  ): Promise<boolean> {
    let elapsed = 0;
    const matches = await slot(async () => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        elapsed = performance.now() - started;
      }
    });
    this.record(scheme, elapsed);
    if (!matches) {
      const wait = this.target() - elapsed;
      if (wait > 0.5) await sleep(wait);
    }
    return matches;
  }

  /** What a failed check takes: the slowest scheme's running estimate, with headroom (ms). */
  target(): number {
    let slowest = 0;
    for (const { mean, deviation } of this.estimates.values()) {
      slowest = Math.max(slowest, Math.max(mean * MIN_HEADROOM, mean + DEVIATIONS * deviation));
    }
    return slowest;
  }

  private record(scheme: string, elapsed: number): void {
    const key = this.estimates.has(scheme) || this.estimates.size < MAX_SCHEMES ? scheme : 'other';
    const previous = this.estimates.get(key);
    if (previous === undefined) {
      this.estimates.set(key, { mean: elapsed, deviation: 0 });
      return;
    }
    previous.deviation += SMOOTHING * (Math.abs(elapsed - previous.mean) - previous.deviation);
    previous.mean += SMOOTHING * (elapsed - previous.mean);
  }
}

/** The scheme and cost parameters of an encoded hash, as a key of `CostEqualizer`. */
export function schemeOf(encoded: string): string {
  const argon2 = /^(?:argon2)?\$(argon2(?:id|i|d))\$(?:v=\d+\$)?(m=\d+,t=\d+,p=\d+)/.exec(encoded);
  if (argon2) return `${argon2[1]}:${argon2[2]}`;
  const bcrypt = /^\$(2[aby])\$(\d\d)\$/.exec(encoded);
  if (bcrypt) return `bcrypt:${bcrypt[2]}`;
  const pbkdf2 = /^pbkdf2_(sha256|sha1)\$(\d+)\$/.exec(encoded);
  if (pbkdf2) return `pbkdf2_${pbkdf2[1]}:${pbkdf2[2]}`;
  return 'other';
}
