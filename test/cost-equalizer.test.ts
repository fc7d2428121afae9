import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostEqualizer } from '../lib/passwords/cost-equalizer.js';

// The equalizer pads failed checks with timers; these checks compare the durations of failures with
// one another (relations, not limits), with a stand-in for each scheme's work.
const noSlot = (work: () => Promise<boolean>): Promise<boolean> => work();
const failingWork = (ms: number) => (): Promise<boolean> =>
  new Promise((resolve) => setTimeout(() => resolve(false), ms));

async function failure(equalizer: CostEqualizer, scheme: string, workMs: number): Promise<number> {
  const started = performance.now();
  const matches = await equalizer.check(scheme, failingWork(workMs), noSlot);
  assert.equal(matches, false);
  return performance.now() - started;
}

describe('CostEqualizer', () => {
  it('a failure of a scheme whose cost jumps takes no longer than the next failure of a cheap scheme', async () => {
    // Django's argon2 (100 MiB per check) took 44 to 219 ms from one check to the next on a shared
    // machine: its costly checks outlasted a wait made from its average, and answered later than the
    // other schemes' failures (the timing parity of scenario 7 of the benchmark drifted by 1 to 4%).
    const equalizer = new CostEqualizer();
    const pattern = [10, 10, 10, 10, 10, 10, 40];
    const gaps: Array<{ costly: number; cheap: number }> = [];
    for (let round = 0; round < 4; round++) {
      for (const workMs of pattern) {
        const costly = await failure(equalizer, 'costly', workMs);
        const cheap = await failure(equalizer, 'cheap', 1);
        if (round > 0 && workMs === 40) gaps.push({ costly, cheap });
      }
    }
    for (const { costly, cheap } of gaps) {
      assert.ok(
        costly <= cheap * 1.05 + 2,
        `the costly scheme's failure took ${costly.toFixed(1)} ms, the cheap one's after it ${cheap.toFixed(1)} ms`,
      );
    }
  });

  it('pads every failure to the slowest recent work, plus headroom', async () => {
    const equalizer = new CostEqualizer();
    await failure(equalizer, 'slow', 30);
    await failure(equalizer, 'fast', 1);
    const target = equalizer.target();
    assert.ok(target >= 29 * 1.05, `target ${target.toFixed(1)} ms`);
    const fast = await failure(equalizer, 'fast', 1);
    assert.ok(fast >= target - 1, `a fast failure took ${fast.toFixed(1)} ms, the target is ${target.toFixed(1)} ms`);
  });

  it('does not pad a successful check', async () => {
    const equalizer = new CostEqualizer();
    await failure(equalizer, 'slow', 40);
    const started = performance.now();
    const matches = await equalizer.check('fast', () => Promise.resolve(true), noSlot);
    assert.equal(matches, true);
    assert.ok(performance.now() - started < equalizer.target() / 2);
  });
});
