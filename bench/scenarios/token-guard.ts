import type { ServerConfig } from '../config.js';
import { oursAuthorization } from '../http.js';
import { checkRun, ratioRow, type BenchSettings, type ScenarioResult } from '../measure.js';
import { median, runLoad } from '../load.js';
import { type RunningServer, prepareDatabase, startServer } from '../servers.js';

/** Requests per second of one GET route, checked to answer 200 throughout. */
export async function getRate(
  url: string,
  settings: BenchSettings,
  headers: Record<string, string> = {},
  cpu?: { server: RunningServer; perRequest: number[] },
): Promise<number> {
  const before = cpu?.server.cpuMicros() ?? null;
  const result = await runLoad({
    url,
    headers,
    connections: settings.connections,
    duration: settings.duration,
    expectStatus: 200,
  });
  checkRun(url, result);
  const after = cpu?.server.cpuMicros() ?? null;
  if (cpu && before !== null && after !== null) cpu.perRequest.push((after - before) / result.requests);
  return result.requestsPerSecond;
}

/** A note on the server's CPU time per request, which other load on the machine skews far less than req/s. */
export function cpuNote(ours: number[], baseline: number[]): string {
  if (ours.length === 0 || baseline.length === 0) return '';
  const [o, b] = [median(ours), median(baseline)];
  return `; server CPU per request: ours ${o.toFixed(0)} µs, baseline ${b.toFixed(0)} µs, CPU ratio baseline/ours ${(b / o).toFixed(3)}`;
}

/** A short unmeasured run so JIT and caches are warm before the first measured one. */
export async function warmUp(
  url: string,
  headers: Record<string, string> = {},
  method: 'GET' | 'POST' = 'GET',
  body?: string,
): Promise<void> {
  await runLoad({ url, method, headers, body, connections: 4, duration: 1, expectStatus: method === 'GET' ? 200 : 0 });
}

/**
 * Scenario 0: the route without a guard against itself, alternating as every pair of the other
 * scenarios does. Both sides are the same, so the true ratio is 1: how far this run's ratio and its
 * interval stray from 1 is what the method can resolve on this machine today.
 */
export async function selfComparison(
  server: RunningServer,
  settings: BenchSettings,
  alternate: (runs: number, series: Record<string, () => Promise<number>>) => Promise<Record<string, number[]>>,
): Promise<ScenarioResult> {
  const url = `${server.url}/me-open`;
  await warmUp(url);
  const runs = await alternate(settings.runs, {
    ours: () => getRate(url, settings),
    baseline: () => getRate(url, settings),
  });
  return ratioRow(
    {
      id: '0',
      name: 'GET /me-open (no guard) vs itself: the resolution of the method',
      unit: 'req/s',
      note: "the same route as both series, alternating; any distance from 1 is the machine's noise",
    },
    { ours: runs.ours, baseline: runs.baseline },
    {},
  );
}

/**
 * Scenarios 1, 2 and 3: an authenticated GET /me vs the same route without the guard, and vs the limit
 * (`/me-limit`, the hand-written guard of bench/limits), all three alternating on one server. Rows:
 * `<id>` ours/bare, `<id>a` ours/limit, `<id>b` limit/bare. With `cachedLimit` (scenario 10, the token
 * cache) a fourth series, `/me-cached-limit`: `<id>c` that floor of any cached guard vs bare, `<id>d` ours vs it.
 */
export async function guardVsBare(
  id: string,
  name: string,
  server: RunningServer,
  settings: BenchSettings,
  alternate: (runs: number, series: Record<string, () => Promise<number>>) => Promise<Record<string, number[]>>,
  target = 0.85,
  cachedLimit = false,
): Promise<ScenarioResult[]> {
  const url = server.url;
  const perRequest = {
    ours: [] as number[],
    limit: [] as number[],
    baseline: [] as number[],
    cachedLimit: [] as number[],
  };
  const authorization = await oursAuthorization(url);
  const headers = { authorization };
  const guarded = cachedLimit ? ['/me', '/me-limit', '/me-cached-limit'] : ['/me', '/me-limit'];
  for (const path of guarded) await warmUp(url + path, headers);
  await warmUp(`${url}/me-open`);
  const series: Record<string, () => Promise<number>> = {
    ours: () => getRate(`${url}/me`, settings, headers, { server, perRequest: perRequest.ours }),
    limit: () => getRate(`${url}/me-limit`, settings, headers, { server, perRequest: perRequest.limit }),
    baseline: () => getRate(`${url}/me-open`, settings, {}, { server, perRequest: perRequest.baseline }),
  };
  if (cachedLimit)
    series.cachedLimit = () =>
      getRate(`${url}/me-cached-limit`, settings, headers, { server, perRequest: perRequest.cachedLimit });
  const runs = await alternate(settings.runs, series);
  const same = `same process, the ${cachedLimit ? 'four' : 'three'} series alternating`;
  const floor: ScenarioResult[] = cachedLimit
    ? [
        ratioRow(
          {
            id: `${id}c`,
            name: `${name}: the least a cached guard does (digest, one map lookup) vs no guard`,
            unit: 'req/s',
            note: `bench/limits CachedTokenLimitGuard (never forgets a row: no invalidation, no bound); ${same}${cpuNote(perRequest.cachedLimit, perRequest.baseline)}`,
          },
          { ours: runs.cachedLimit, baseline: runs.baseline },
          {},
        ),
        ratioRow(
          {
            id: `${id}d`,
            name: `${name}: ours vs the least a cached guard does`,
            unit: 'req/s',
            note: `${same}${cpuNote(perRequest.ours, perRequest.cachedLimit)}`,
          },
          { ours: runs.ours, baseline: runs.cachedLimit },
          {},
        ),
      ]
    : [];
  return [
    ratioRow(
      {
        id,
        name,
        unit: 'req/s',
        note: `baseline: the same handler and body without the guard, ${same}${cpuNote(perRequest.ours, perRequest.baseline)}`,
      },
      { ours: runs.ours, baseline: runs.baseline },
      { min: target },
    ),
    ratioRow(
      {
        id: `${id}a`,
        name: `${name}: ours vs the limit`,
        unit: 'req/s',
        note: `limit: bench/limits hand-written guard, raw driver, one statement; ${same}${cpuNote(perRequest.ours, perRequest.limit)}`,
      },
      { ours: runs.ours, baseline: runs.limit },
      { min: 0.95 },
    ),
    ratioRow(
      {
        id: `${id}b`,
        name: `${name}: the limit vs no guard`,
        unit: 'req/s',
        note: `${same}${cpuNote(perRequest.limit, perRequest.baseline)}`,
      },
      { ours: runs.limit, baseline: runs.baseline },
      {},
    ),
    ...floor,
  ];
}

/** Scenario 6: the same token lookup with 1,000,000 rows in the token table vs 10. */
export async function largeTokenTable(
  files: { large: string; small: string },
  settings: BenchSettings,
  alternate: (runs: number, series: Record<string, () => Promise<number>>) => Promise<Record<string, number[]>>,
  largeCount = 1_000_000,
): Promise<ScenarioResult> {
  const large: ServerConfig = {
    app: 'ours',
    database: { type: 'sqlite', file: files.large },
    extraTokens: largeCount - 1,
  };
  const small: ServerConfig = { app: 'ours', database: { type: 'sqlite', file: files.small }, extraTokens: 9 };
  // Rows go in before the servers start; the login below adds the one token the run uses.
  await prepareDatabase(large);
  await prepareDatabase(small);
  const servers = [await startServer({ ...large, extraTokens: 0 }), await startServer({ ...small, extraTokens: 0 })];
  try {
    const [largeUrl, smallUrl] = servers.map((server) => server.url);
    const headers = {
      large: { authorization: await oursAuthorization(largeUrl) },
      small: { authorization: await oursAuthorization(smallUrl) },
    };
    await warmUp(`${largeUrl}/me`, headers.large);
    await warmUp(`${smallUrl}/me`, headers.small);
    const runs = await alternate(settings.runs, {
      ours: () => getRate(`${largeUrl}/me`, settings, headers.large),
      baseline: () => getRate(`${smallUrl}/me`, settings, headers.small),
    });
    return ratioRow(
      { id: '6', name: `token lookup, ${largeCount.toLocaleString('en')} tokens vs 10 (SQLite file)`, unit: 'req/s' },
      { ours: runs.ours, baseline: runs.baseline },
      { min: 0.9 },
    );
  } finally {
    for (const server of servers) await server.stop();
  }
}
