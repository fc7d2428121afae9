import { setTimeout as sleep } from 'node:timers/promises';

/** Checks per scheme whose work is remembered: a failure waits for the slowest of them. */
const WINDOW = 32;
/** Headroom on top of that, so that the slowest scheme's own checks rarely outlast the wait. */
const HEADROOM = 1.05;
/** Distinct schemes and parameter sets tracked; more are measured under the last slot. */
const MAX_SCHEMES = 32;

/**
 * Makes every failed password check cost what the slowest stored scheme costs. Each verification's
 * work (in the thread pool, after any wait for a slot) is measured per scheme and parameter set; a
 * check that fails, or runs on the dummy hash, then waits (a timer, no CPU) until it has taken the
 * longest work of the last 32 checks of the slowest scheme, plus 5%. An unknown user, an inactive one
 * and a wrong password thus take the same time whatever hash the account has. Successful checks are
 * not padded: success is visible anyway.
 *
 * The longest recent work rather than a mean: a scheme's cost is not one figure but a spread (Django's
 * argon2 allocates 100 MiB per check, and took 44 to 219 ms from one check to the next on a shared
 * 2-core machine). Its own failed checks then outlast the wait about once in 33 instead of whenever its
 * cost is above the average, which had put its median answer above every other case's.
 */
export class CostEqualizer {
  /** Per scheme: the work of its last checks (ms), a ring. */
  private readonly recent = new Map<string, { work: Float64Array; count: number }>();

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

  /** What a failed check takes: the longest recent work of any scheme, with headroom (ms). */
  target(): number {
    let slowest = 0;
    for (const { work, count } of this.recent.values()) {
      for (let i = 0; i < Math.min(count, WINDOW); i++) if (work[i] > slowest) slowest = work[i];
    }
    return slowest * HEADROOM;
  }

  private record(scheme: string, elapsed: number): void {
    const key = this.recent.has(scheme) || this.recent.size < MAX_SCHEMES ? scheme : 'other';
    let recent = this.recent.get(key);
    if (recent === undefined) this.recent.set(key, (recent = { work: new Float64Array(WINDOW), count: 0 }));
    recent.work[recent.count % WINDOW] = elapsed;
    recent.count++;
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
