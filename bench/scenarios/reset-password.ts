import { Agent } from 'node:http';
import { ACTIVE_USER, MAILED_USER } from '../config.js';
import { median, spread } from '../load.js';
import type { BenchSettings, ScenarioResult } from '../measure.js';
import { postJson } from './login.js';

const CASES: Record<string, string> = {
  'known user (mailed)': JSON.stringify({ login: MAILED_USER }),
  'unknown user': JSON.stringify({ login: 'nobody-by-this-name' }),
  'user without address': JSON.stringify({ login: ACTIVE_USER }),
};

/**
 * send-reset-password-link latencies (ms), one request at a time over a keep-alive connection, the
 * cases taking turns request by request in a new random order each round, so that neither the
 * machine's drift nor the mail handed off after a known user's answer lands on one case.
 */
async function resetLinkLatencies(url: string, seconds: number): Promise<Record<string, number[]>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: Record<string, number[]> = Object.fromEntries(Object.keys(CASES).map((label) => [label, []]));
  const labels = Object.keys(CASES);
  const end = performance.now() + seconds * 1000;
  try {
    while (performance.now() < end) {
      for (let i = labels.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [labels[i], labels[j]] = [labels[j], labels[i]];
      }
      for (const label of labels) {
        const started = performance.now();
        const status = await postJson(agent, `${url}/accounts/send-reset-password-link`, CASES[label]);
        timings[label].push(performance.now() - started);
        if (status !== 200) throw new Error(`send-reset-password-link (${label}) answered ${status}`);
      }
    }
  } finally {
    agent.destroy();
  }
  return timings;
}

/**
 * Scenario 11: timing parity of send-reset-password-link for a known user (the link is mailed), an
 * unknown user and a user without address; the figure is slowest / fastest of the medians.
 */
export async function resetLinkTimingParity(
  url: string,
  settings: BenchSettings,
  mails: () => number,
): Promise<ScenarioResult> {
  const runs: Record<string, number[]> = Object.fromEntries(Object.keys(CASES).map((label) => [label, []]));
  await resetLinkLatencies(url, 1); // warm-up
  const before = mails();
  for (let run = 0; run < settings.runs; run++) {
    const timings = await resetLinkLatencies(url, settings.duration);
    for (const [label, values] of Object.entries(timings)) runs[label].push(median(values));
  }
  const medians = Object.values(runs).map(median);
  const fastest = Math.min(...medians);
  const slowest = Math.max(...medians);
  return {
    id: '11',
    name: 'timing parity: median send-reset-password-link latency, known (mailed) / unknown / no address',
    status: 'ok',
    ours: slowest,
    baseline: fastest,
    unit: 'ms, median per case; slowest vs fastest',
    ratio: slowest / fastest,
    target: '<= 1.05',
    met: slowest / fastest <= 1.05,
    runs,
    spread: Math.max(...Object.values(runs).map(spread)),
    note: `medians of the runs' medians: ${Object.entries(runs)
      .map(([label, figures]) => `${label} ${median(figures).toFixed(2)} ms`)
      .join(
        ', ',
      )}; one connection, cases interleaved request by request in random order; ${mails() - before} e-mails received`,
  };
}
