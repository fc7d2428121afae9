import { SMTPServer } from 'smtp-server';
import { PASSWORD } from '../config.js';
import { JSON_HEADERS } from '../http.js';
import { runLoad } from '../load.js';
import { alternate, checkRun, ratioRow, type BenchSettings, type ScenarioResult } from '../measure.js';
import { runScript } from '../servers.js';

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

async function registerRate(url: string, settings: BenchSettings): Promise<number> {
  const result = await runLoad({
    url: `${url}/accounts/register`,
    method: 'POST',
    headers: JSON_HEADERS,
    nextBody: registerBody,
    connections: settings.loginConcurrency,
    duration: settings.duration,
    expectStatus: 201,
  });
  checkRun(`${url}/accounts/register`, result);
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
 * link, the e-mail handed to a local SMTP sink) vs the raw argon2id hash rate at the same concurrency.
 */
export async function registerThroughput(
  url: string,
  settings: BenchSettings,
  mails: () => number,
): Promise<ScenarioResult> {
  // Long enough for the JIT: after 1 s the server still spent ~1 ms of CPU a register compiling and
  // ran its code unoptimised (~0.9 ms more on the main thread), which a running server does not.
  await registerRate(url, { ...settings, duration: WARM_UP_SECONDS });
  const before = mails();
  const runs = await alternate(settings.runs, {
    ours: () => registerRate(url, settings),
    baseline: () => rawHashRate(settings),
  });
  return ratioRow(
    {
      id: '9',
      name: 'register throughput (verification on, SMTP sink) vs raw argon2id hash rate',
      unit: 'req/s',
      note: `${settings.loginConcurrency} connections / ${settings.loginConcurrency} hashes in flight; ${mails() - before} e-mails received`,
    },
    { ours: runs.ours, baseline: runs.baseline },
    { min: 0.85 },
  );
}
