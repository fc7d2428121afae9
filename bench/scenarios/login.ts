import { Agent, request } from 'node:http';
import { ACTIVE_USER, INACTIVE_USER, LEGACY_USERS, PASSWORD } from '../config.js';
import { JSON_HEADERS, OURS_LOGIN_BODY } from '../http.js';
import { runLoad, median, spread } from '../load.js';
import { alternate, checkRun, ratioRow, type BenchSettings, type ScenarioResult } from '../measure.js';
import { runScript } from '../servers.js';
import { warmUp } from './token-guard.js';

/** Logins per second with the correct password, `loginConcurrency` connections. */
export async function loginRate(
  url: string,
  path: string,
  body: string,
  expectStatus: number,
  settings: BenchSettings,
): Promise<number> {
  const result = await runLoad({
    url: url + path,
    method: 'POST',
    headers: JSON_HEADERS,
    body,
    connections: settings.loginConcurrency,
    duration: settings.duration,
    expectStatus,
  });
  checkRun(url + path, result);
  return result.requestsPerSecond;
}

/** Raw verifies per second of the same hasher and parameters, in its own process, same concurrency. */
async function rawVerifyRate(settings: BenchSettings): Promise<number> {
  const output = await runScript('verify-rate.js', [String(settings.loginConcurrency), String(settings.duration)]);
  return (JSON.parse(output) as { perSecond: number }).perSecond;
}

/**
 * Scenario 4: login throughput vs the raw argon2 verify rate (4), vs the minimal login of
 * bench/limits in the same server (4a), and that minimal login vs the raw verify rate (4b).
 */
export async function loginThroughput(url: string, settings: BenchSettings): Promise<ScenarioResult[]> {
  await warmUp(`${url}/accounts/login`, JSON_HEADERS, 'POST', OURS_LOGIN_BODY);
  await warmUp(`${url}/login-limit`, JSON_HEADERS, 'POST', OURS_LOGIN_BODY);
  const runs = await alternate(settings.runs, {
    ours: () => loginRate(url, '/accounts/login', OURS_LOGIN_BODY, 200, settings),
    limit: () => loginRate(url, '/login-limit', OURS_LOGIN_BODY, 200, settings),
    baseline: () => rawVerifyRate(settings),
  });
  const name = 'login throughput vs raw argon2id verify rate (m=19456, t=2, p=1)';
  const note = `${settings.loginConcurrency} connections / ${settings.loginConcurrency} verifies in flight`;
  return [
    ratioRow({ id: '4', name, unit: 'req/s', note }, { ours: runs.ours, baseline: runs.baseline }, { min: 0.9 }),
    ratioRow(
      {
        id: '4a',
        name: 'login: ours vs the minimal login (user by one statement, raw argon2id verify, one insert)',
        unit: 'req/s',
        note: `${note}; same server`,
      },
      { ours: runs.ours, baseline: runs.limit },
      { min: 0.95 },
    ),
    ratioRow(
      { id: '4b', name: 'login: the minimal login vs raw argon2id verify rate', unit: 'req/s', note },
      { ours: runs.limit, baseline: runs.baseline },
      {},
    ),
  ];
}

/** p99 (ms) of GET /ping at a modest fixed rate, optionally during a login flood. */
async function pingP99(url: string, settings: BenchSettings, flood: boolean): Promise<number> {
  const probe = runLoad({
    url: `${url}/ping`,
    connections: 1,
    overallRate: 100,
    duration: settings.duration,
    expectStatus: 200,
  });
  const floodRun = flood
    ? runLoad({
        url: `${url}/accounts/login`,
        method: 'POST',
        headers: JSON_HEADERS,
        body: OURS_LOGIN_BODY,
        connections: settings.loginConcurrency,
        duration: settings.duration,
        expectStatus: 200,
      })
    : undefined;
  const result = await probe;
  if (floodRun) checkRun('login flood', await floodRun);
  checkRun('ping', result);
  return result.latencyP99;
}

/** Scenario 5: event-loop health, p99 of a trivial route during a login flood vs idle. */
export async function eventLoopHealth(url: string, settings: BenchSettings): Promise<ScenarioResult> {
  const runs = await alternate(settings.runs, {
    ours: () => pingP99(url, settings, true),
    baseline: () => pingP99(url, settings, false),
  });
  return ratioRow(
    {
      id: '5',
      name: 'p99 of a trivial route during a login flood vs idle',
      unit: 'ms (p99)',
      note: `probe: 1 connection at 100 req/s; flood: ${settings.loginConcurrency} connections of correct-password logins`,
    },
    { ours: runs.ours, baseline: runs.baseline },
    { max: 3 },
  );
}

const PARITY_CASES: Record<string, string> = {
  'unknown user': JSON.stringify({ login: 'nobody-by-this-name', password: PASSWORD }),
  'inactive user': JSON.stringify({ login: INACTIVE_USER, password: PASSWORD }),
  'wrong password': JSON.stringify({ login: ACTIVE_USER, password: 'not the password' }),
  'wrong password, bcrypt hash': JSON.stringify({ login: LEGACY_USERS.bcrypt, password: 'not the password' }),
  'wrong password, Django pbkdf2 hash': JSON.stringify({ login: LEGACY_USERS.pbkdf2, password: 'not the password' }),
  'wrong password, Django argon2 hash': JSON.stringify({
    login: LEGACY_USERS.djangoArgon2,
    password: 'not the password',
  }),
};

/**
 * Login latencies (ms) of the failing cases, one request at a time over a keep-alive connection,
 * the cases taking turns request by request so that the machine's drift hits them alike.
 */
async function failedLoginLatencies(url: string, seconds: number): Promise<Record<string, number[]>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: Record<string, number[]> = Object.fromEntries(Object.keys(PARITY_CASES).map((label) => [label, []]));
  const end = performance.now() + seconds * 1000;
  try {
    while (performance.now() < end) {
      for (const [label, body] of Object.entries(PARITY_CASES)) {
        const started = performance.now();
        const status = await postJson(agent, `${url}/accounts/login`, body);
        timings[label].push(performance.now() - started);
        if (status !== 400) throw new Error(`failed login (${label}) answered ${status}`);
      }
    }
  } finally {
    agent.destroy();
  }
  return timings;
}

export function postJson(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Scenario 7: timing parity of the failing logins (unknown, inactive, wrong password on each stored
 * scheme); the figure is slowest / fastest of the cases' medians, each over every request of the case
 * in all runs. (A run of 3 s holds only about three requests per case at ~150 ms each: a median of a
 * run moved by a whole step whenever the padding target changed inside that run.)
 */
export async function timingParity(url: string, settings: BenchSettings): Promise<ScenarioResult> {
  const runs: Record<string, number[]> = Object.fromEntries(Object.keys(PARITY_CASES).map((label) => [label, []]));
  const pooled: Record<string, number[]> = Object.fromEntries(Object.keys(PARITY_CASES).map((label) => [label, []]));
  await failedLoginLatencies(url, 1); // warm-up
  for (let run = 0; run < settings.runs; run++) {
    const timings = await failedLoginLatencies(url, settings.duration);
    for (const [label, values] of Object.entries(timings)) {
      runs[label].push(median(values));
      pooled[label].push(...values);
    }
  }
  const medians = Object.values(pooled).map(median);
  const fastest = Math.min(...medians);
  const slowest = Math.max(...medians);
  const gap = (slowest - fastest) / fastest;
  const runMedians = Object.values(runs).map(median);
  return {
    id: '7',
    name: 'timing parity: median login latency, unknown / inactive / wrong password (argon2id, bcrypt, pbkdf2, Django argon2)',
    status: 'ok',
    ours: slowest,
    baseline: fastest,
    unit: 'ms, median per case; slowest vs fastest',
    ratio: slowest / fastest,
    target: '<= 1.05',
    met: gap <= 0.05,
    runs,
    spread: Math.max(...Object.values(runs).map(spread)),
    note: `medians over every request of the case (runs listed above are the runs' medians): ${Object.entries(pooled)
      .map(([label, values]) => `${label} ${median(values).toFixed(2)} ms (${values.length} requests)`)
      .join(
        ', ',
      )}; the median of the runs' medians, slowest vs fastest: ${(Math.max(...runMedians) / Math.min(...runMedians)).toFixed(3)}; one connection, cases interleaved request by request`,
  };
}
