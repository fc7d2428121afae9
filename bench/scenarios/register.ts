import { SMTPServer } from 'smtp-server';
import { PASSWORD } from '../config.js';
import { JSON_HEADERS } from '../http.js';
import { runLoad } from '../load.js';
import { alternate, checkRun, ratioRow, type BenchSettings, type ScenarioResult } from '../measure.js';
import { type RunningServer, runScript } from '../servers.js';
import { cpuNote } from './token-guard.js';

/** An SMTP server that accepts and drops every message, counting them. */
export async function startSmtpSink(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  // A client that drops its connection (a pool closing at shutdown) is no error of the sink.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  return { port, received: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const WARM_UP_SECONDS = 5;

let counter = 0;
const registerBody = (): string => {
  const username = `user${process.pid}x${counter++}`;
  return JSON.stringify({ username, email: `${username}@example.com`, password: PASSWORD, password_confirm: PASSWORD });
};

async function registerRate(
  url: string,
  settings: BenchSettings,
  cpu?: { server: RunningServer; perRequest: number[] },
): Promise<number> {
  const before = cpu?.server.cpuMicros() ?? null;
  const result = await runLoad({
    url,
    method: 'POST',
    headers: JSON_HEADERS,
    nextBody: registerBody,
    connections: settings.loginConcurrency,
    duration: settings.duration,
    expectStatus: 201,
  });
  checkRun(url, result);
  const after = cpu?.server.cpuMicros() ?? null;
  if (cpu && before !== null && after !== null) cpu.perRequest.push((after - before) / result.requests);
  return result.requestsPerSecond;
}

async function rawHashRate(settings: BenchSettings): Promise<number> {
  const output = await runScript('verify-rate.js', [
    String(settings.loginConcurrency),
    String(settings.duration),
    'hash',
  ]);
  return (JSON.parse(output) as { perSecond: number }).perSecond;
}

/**
 * Scenario 9: register throughput (verification on: uniqueness query, argon2id hash, insert, signed
 * link, the e-mail handed to a local SMTP sink) vs the raw argon2id hash rate at the same concurrency,
 * and vs the register limit (`bench/limits/register-limit.ts`) in the same server, the three series
 * alternating. Rows: `9` ours/raw hash rate, `9a` ours/limit, `9b` limit/raw hash rate.
 */
export async function registerThroughput(
  server: RunningServer,
  settings: BenchSettings,
  mails: () => number,
): Promise<ScenarioResult[]> {
  const ours = `${server.url}/accounts/register`;
  const limit = `${server.url}/register-limit`;
  // Long enough for the JIT: after 1 s the server still spent ~1 ms of CPU a register compiling and
  // ran its code unoptimised (~0.9 ms more on the main thread), which a running server does not.
  await registerRate(ours, { ...settings, duration: WARM_UP_SECONDS });
  await registerRate(limit, { ...settings, duration: WARM_UP_SECONDS });
  const before = mails();
  const perRequest = { ours: [] as number[], limit: [] as number[] };
  const runs = await alternate(settings.runs, {
    ours: () => registerRate(ours, settings, { server, perRequest: perRequest.ours }),
    limit: () => registerRate(limit, settings, { server, perRequest: perRequest.limit }),
    baseline: () => rawHashRate(settings),
  });
  const name = 'register throughput (verification on, SMTP sink) vs raw argon2id hash rate';
  const inFlight = `${settings.loginConcurrency} connections / ${settings.loginConcurrency} hashes in flight`;
  return [
    ratioRow(
      { id: '9', name, unit: 'req/s', note: `${inFlight}; ${mails() - before} e-mails received` },
      { ours: runs.ours, baseline: runs.baseline },
      { min: 0.85 },
    ),
    ratioRow(
      {
        id: '9a',
        name: `${name}: ours vs the limit`,
        unit: 'req/s',
        note: `limit: bench/limits/register-limit.ts (one select, raw hash, one insert, the same pooled SMTP transport), same server, alternating${cpuNote(perRequest.ours, perRequest.limit)}`,
      },
      { ours: runs.ours, baseline: runs.limit },
      { min: 0.95 },
    ),
    ratioRow(
      { id: '9b', name: `${name}: the limit vs the raw hash rate`, unit: 'req/s', note: inFlight },
      { ours: runs.limit, baseline: runs.baseline },
      {},
    ),
  ];
}
