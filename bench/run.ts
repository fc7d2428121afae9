import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ServerConfig } from './config.js';
import { alternate, notRun, type BenchSettings, type ScenarioResult } from './measure.js';
import { writeReports } from './report.js';
import { eventLoopHealth, loginThroughput, timingParity } from './scenarios/login.js';
import { referenceApp } from './scenarios/reference.js';
import { registerThroughput, startSmtpSink } from './scenarios/register.js';
import { resetLinkTimingParity } from './scenarios/reset-password.js';
import { guardVsBare, largeTokenTable, selfComparison } from './scenarios/token-guard.js';
import { type RunningServer, prepareDatabase, startServer } from './servers.js';

/**
 * `npm run bench`: every scenario of the benchmark, each against its baseline in this run, servers
 * as separate processes on 127.0.0.1. Writes bench/RESULTS.md and bench/results.json and prints the
 * table. Exits non-zero only when a scenario could not run; missed targets are reported.
 * Environment: BENCH_DURATION (s per run, 3), BENCH_RUNS (5, at least 3), BENCH_ONLY (e.g. "1,6" or "9"),
 * TEST_POSTGRES_URL (scenario 2), TEST_REDIS_URL (scenario 10).
 */
const settings: BenchSettings = {
  duration: Number(process.env.BENCH_DURATION ?? 3),
  runs: Math.max(3, Number(process.env.BENCH_RUNS ?? 5)),
  connections: 10,
  loginConcurrency: 8,
};
const only = process.env.BENCH_ONLY?.split(',').map((id) => id.trim());
const wanted = (id: string): boolean => !only || only.includes(id);
const benchDir = fileURLToPath(new URL('../../bench/', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'registration-bench-'));
const started = Date.now();
const loadAtStart = loadavg()[0];
const results: ScenarioResult[] = [];

async function attempt(
  base: { id: string; name: string; unit: string },
  run: () => Promise<ScenarioResult | ScenarioResult[]>,
): Promise<void> {
  if (!wanted(base.id.replace(/[a-z]$/, ''))) return;
  process.stdout.write(`scenario ${base.id}: ${base.name} ...\n`);
  try {
    const outcome = await run();
    results.push(...(Array.isArray(outcome) ? outcome : [outcome]));
  } catch (error) {
    results.push(notRun(base, 'failed', `could not run: ${(error as Error).message}`));
  }
}

async function withServer<T>(config: ServerConfig, use: (server: RunningServer) => Promise<T>): Promise<T> {
  await prepareDatabase(config);
  const server = await startServer(config);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

const ours: ServerConfig = { app: 'ours', database: { type: 'sqlite', file: join(workDir, 'ours.sqlite') } };
try {
  await withServer(ours, async (server) => {
    await attempt({ id: '0', name: 'GET /me-open (no guard) vs itself', unit: 'req/s' }, () =>
      selfComparison(server, settings, alternate),
    );
    await attempt({ id: '1', name: 'token-authenticated GET /me vs no guard (SQLite file)', unit: 'req/s' }, () =>
      guardVsBare('1', 'token-authenticated GET /me vs no guard (SQLite file)', server, settings, alternate),
    );
    await attempt({ id: '4', name: 'login throughput vs raw verify rate', unit: 'req/s' }, () =>
      loginThroughput(server.url, settings),
    );
    await attempt({ id: '5', name: 'event-loop health under a login flood', unit: 'ms' }, () =>
      eventLoopHealth(server.url, settings),
    );
    await attempt({ id: '7', name: 'timing parity', unit: 'ms' }, () => timingParity(server.url, settings));
    if (wanted('8')) {
      const reference: ServerConfig = {
        app: 'reference',
        database: { type: 'sqlite', file: join(workDir, 'reference.sqlite') },
      };
      await attempt({ id: '8', name: 'docs recipe reference app', unit: 'req/s' }, () =>
        withServer(reference, (referenceServer) => referenceApp(server.url, referenceServer.url, settings)),
      );
    }
  });

  if (wanted('9')) {
    const sink = await startSmtpSink();
    try {
      const config: ServerConfig = {
        app: 'ours',
        registerSmtpPort: sink.port,
        database: { type: 'sqlite', file: join(workDir, 'register.sqlite') },
      };
      await attempt({ id: '9', name: 'register throughput vs raw hash rate', unit: 'req/s' }, () =>
        withServer(config, (server) => registerThroughput(server, settings, sink.received)),
      );
    } finally {
      await sink.close();
    }
  }

  if (wanted('11')) {
    const sink = await startSmtpSink();
    try {
      const config: ServerConfig = {
        app: 'ours',
        resetSmtpPort: sink.port,
        database: { type: 'sqlite', file: join(workDir, 'reset.sqlite') },
      };
      await attempt({ id: '11', name: 'send-reset-password-link timing parity', unit: 'ms' }, () =>
        withServer(config, (server) => resetLinkTimingParity(server.url, settings, sink.received)),
      );
    } finally {
      await sink.close();
    }
  }

  const postgresName = 'token-authenticated GET /me vs no guard (PostgreSQL)';
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  if (wanted('2') && !postgresUrl) {
    results.push(
      notRun(
        { id: '2', name: postgresName, unit: 'req/s' },
        'skipped',
        'skipped: TEST_POSTGRES_URL not set',
        '>= 0.85',
      ),
    );
  } else if (postgresUrl) {
    await attempt({ id: '2', name: postgresName, unit: 'req/s' }, async () => {
      const schema = `registration_bench_${process.pid}`;
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`CREATE SCHEMA "${schema}"`);
      try {
        return await withServer({ app: 'ours', database: { type: 'postgres', url: postgresUrl, schema } }, (server) =>
          guardVsBare('2', postgresName, server, settings, alternate),
        );
      } finally {
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.end();
      }
    });
  }

  const jwtName = 'JWT-authenticated GET /me vs no guard (SQLite file)';
  await attempt({ id: '3', name: jwtName, unit: 'req/s' }, () =>
    withServer(
      { app: 'ours', manager: 'jwt', database: { type: 'sqlite', file: join(workDir, 'jwt.sqlite') } },
      (server) => guardVsBare('3', jwtName, server, settings, alternate, 0.9),
    ),
  );
  const cacheName = 'token-authenticated GET /me with tokenCache (Redis channel) vs no guard (SQLite file)';
  const redisUrl = process.env.TEST_REDIS_URL;
  if (wanted('10') && !redisUrl) {
    results.push(
      notRun({ id: '10', name: cacheName, unit: 'req/s' }, 'skipped', 'skipped: TEST_REDIS_URL not set', '>= 0.95'),
    );
  } else if (redisUrl) {
    await attempt({ id: '10', name: cacheName, unit: 'req/s' }, () =>
      withServer(
        {
          app: 'ours',
          tokenCacheRedisUrl: redisUrl,
          database: { type: 'sqlite', file: join(workDir, 'cache.sqlite') },
        },
        (server) => guardVsBare('10', cacheName, server, settings, alternate, 0.95, true),
      ),
    );
  }
  await attempt({ id: '6', name: 'token lookup, 1,000,000 tokens vs 10', unit: 'req/s' }, () =>
    largeTokenTable(
      { large: join(workDir, 'large.sqlite'), small: join(workDir, 'small.sqlite') },
      settings,
      alternate,
    ),
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

results.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  durationSeconds: settings.duration,
  runs: settings.runs,
  totalSeconds: Math.round((Date.now() - started) / 1000),
  /** 1-minute load average at start and end: other work on the machine skews every figure. */
  loadAverage: [Number(loadAtStart.toFixed(2)), Number(loadavg()[0].toFixed(2))],
};
const table = writeReports(join(benchDir, 'RESULTS.md'), join(benchDir, 'results.json'), machine, results);
process.stdout.write(`\n${table}\n\n(${machine.totalSeconds} s; details in bench/RESULTS.md)\n`);
const failed = results.filter((result) => result.status === 'failed');
for (const result of failed) process.stderr.write(`scenario ${result.id} ${result.note}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
