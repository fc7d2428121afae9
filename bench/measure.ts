import { median, spread } from './load.js';

/** One row of the results table. */
export interface ScenarioResult {
  id: string;
  name: string;
  status: 'ok' | 'skipped' | 'not available' | 'failed';
  /** Median of the subject's runs (unit below), or null when it did not run. */
  ours: number | null;
  baseline: number | null;
  unit: string;
  /** Median over the back-to-back pairs of `ours / baseline` (7: slowest case / fastest case). */
  ratio: number | null;
  /**
   * Where the median pair ratio lies with the confidence `interval.confidence`, from the pairs alone
   * (order statistics, no assumption on the noise's shape); absent where the ratio is not a median of pairs.
   */
  interval?: MedianInterval | null;
  target: string;
  /** null when there is no target or the scenario did not run. */
  met: boolean | null;
  /** Every run, for the spread. */
  runs: Record<string, number[]>;
  /** Largest (max - min) / median over the scenario's series. */
  spread: number | null;
  note?: string;
}

export interface BenchSettings {
  /** Seconds per measured run. */
  duration: number;
  /** Runs per series (at least 3). */
  runs: number;
  /** Connections for throughput runs. */
  connections: number;
  /** Connections (and verifies in flight) for login floods and the raw verify rate. */
  loginConcurrency: number;
}

/** Bounds of a median from order statistics, and the probability that they hold the true median. */
export interface MedianInterval {
  low: number;
  high: number;
  confidence: number;
}

/** P(X <= j) for X ~ Binomial(n, 1/2), j = 0..n-1. */
function binomialHalfCdf(n: number): number[] {
  const cdf: number[] = [];
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = 0;
  for (let j = 0; j < n; j++) {
    sum += term;
    cdf.push(sum);
    term = (term * (n - j)) / (j + 1);
  }
  return cdf;
}

/**
 * The distribution-free interval for the median of `values`: `[x(k), x(n+1-k)]` of the sorted values,
 * which holds the true median with probability 1 - 2 P(Binomial(n, 1/2) <= k - 1), whatever the
 * noise's distribution. `k` is the largest with at least 95%; with fewer than 6 values no interval
 * reaches 95% and it is the smallest to the largest value (94% for 5, 88% for 4, 75% for 3).
 */
export function medianInterval(values: number[]): MedianInterval | null {
  const n = values.length;
  if (n < 2) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const cdf = binomialHalfCdf(n);
  let k = 1;
  while (k < n / 2 && 1 - 2 * cdf[k] >= 0.95) k++;
  return { low: sorted[k - 1], high: sorted[n - k], confidence: 1 - 2 * cdf[k - 1] };
}

/** Runs each series `runs` times, alternating between them run by run; returns every figure per series. */
export async function alternate(
  runs: number,
  series: Record<string, () => Promise<number>>,
): Promise<Record<string, number[]>> {
  const figures: Record<string, number[]> = Object.fromEntries(Object.keys(series).map((key) => [key, []]));
  const keys = Object.keys(series);
  for (let run = 0; run < runs; run++) {
    // Rotate who goes first so drift over the run does not favour one side.
    const order = keys.map((_, index) => keys[(index + run) % keys.length]);
    for (const key of order) figures[key].push(await series[key]());
  }
  return figures;
}

/** A ratio row: `ours / baseline` of the medians, met when `ratio >= min` (or `<= max`). */
export function ratioRow(
  base: Pick<ScenarioResult, 'id' | 'name' | 'unit' | 'note'>,
  runs: { ours: number[]; baseline: number[] },
  goal: { min?: number; max?: number },
): ScenarioResult {
  const ours = median(runs.ours);
  const baseline = median(runs.baseline);
  // Each pair ran back to back, so the median of the pair ratios cancels the machine's slow drift.
  const pairs = runs.ours.map((value, index) => value / runs.baseline[index]).filter(Number.isFinite);
  const ratio = pairs.length === 0 ? null : median(pairs);
  const interval = medianInterval(pairs);
  let met: boolean | null = null;
  let target = 'reported';
  if (goal.min !== undefined) {
    target = `>= ${goal.min}`;
    met = ratio !== null && ratio >= goal.min;
  } else if (goal.max !== undefined) {
    target = `<= ${goal.max}`;
    met = ratio !== null && ratio <= goal.max;
  }
  return {
    ...base,
    status: 'ok',
    ours,
    baseline,
    ratio,
    interval,
    target,
    met,
    runs,
    spread: Math.max(spread(runs.ours), spread(runs.baseline)),
  };
}

export function notRun(
  base: Pick<ScenarioResult, 'id' | 'name' | 'unit'>,
  status: 'skipped' | 'not available' | 'failed',
  note: string,
  target = '',
): ScenarioResult {
  return { ...base, status, ours: null, baseline: null, ratio: null, target, met: null, runs: {}, spread: null, note };
}

/** Throws when a run saw responses other than the expected status: its figures would be meaningless. */
export function checkRun(label: string, result: { unexpected: number; requests: number }): void {
  if (result.unexpected > 0)
    throw new Error(`${label}: ${result.unexpected} unexpected responses or errors out of ${result.requests}`);
  if (result.requests === 0) throw new Error(`${label}: no responses`);
}
