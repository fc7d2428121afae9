import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { medianInterval, ratioRow } from '../bench/measure.js';

/** Coverage of [x(k), x(n+1-k)] for the median, counted over every outcome of n fair coins. */
function coverage(n: number, k: number): number {
  let inside = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let below = 0;
    for (let bit = 0; bit < n; bit++) if (mask & (1 << bit)) below++;
    // The true median is inside when at least k values lie on each side of it.
    if (below >= k && n - below >= k) inside++;
  }
  return inside / 2 ** n;
}

describe('bench: the interval of a median pair ratio', () => {
  it('is the smallest to the largest value below 6 pairs, with its true coverage', () => {
    for (const n of [2, 3, 4, 5]) {
      const values = Array.from({ length: n }, (_, i) => 1 + i / 10);
      const interval = medianInterval(values.reverse())!;
      assert.equal(interval.low, 1);
      assert.equal(interval.high, 1 + (n - 1) / 10);
      assert.ok(Math.abs(interval.confidence - coverage(n, 1)) < 1e-12, `n=${n}`);
    }
  });

  it('takes the narrowest order statistics that still hold the median with 95% from 6 pairs on', () => {
    for (let n = 6; n <= 16; n++) {
      const values = Array.from({ length: n }, (_, i) => i);
      const interval = medianInterval(values)!;
      const k = interval.low + 1;
      assert.equal(interval.high, n - k, `n=${n}: symmetric`);
      assert.ok(interval.confidence >= 0.95, `n=${n}: ${interval.confidence}`);
      assert.ok(Math.abs(interval.confidence - coverage(n, k)) < 1e-12, `n=${n}: exact coverage`);
      if (k + 1 <= n / 2) assert.ok(coverage(n, k + 1) < 0.95, `n=${n}: k=${k} is the largest`);
    }
    // Known values: 15 pairs give [x(4), x(12)] at 96.5%.
    const fifteen = medianInterval(Array.from({ length: 15 }, (_, i) => i + 1))!;
    assert.deepEqual([fifteen.low, fifteen.high], [4, 12]);
    assert.equal(fifteen.confidence.toFixed(4), '0.9648');
  });

  it('has none for fewer than two pairs, and a ratio row carries it', () => {
    assert.equal(medianInterval([]), null);
    assert.equal(medianInterval([1]), null);
    const row = ratioRow(
      { id: 'x', name: 'x', unit: 'req/s' },
      { ours: [90, 100, 95, 80, 99, 98], baseline: [100, 100, 100, 100, 100, 100] },
      { min: 0.95 },
    );
    assert.equal(row.ratio, 0.965);
    assert.deepEqual(row.interval, { low: 0.8, high: 1, confidence: coverage(6, 1) });
    assert.equal(row.met, true);
  });
});
