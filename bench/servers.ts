import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServerConfig, ServerReady } from './config.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./server.js', import.meta.url));
const NODE_SCRIPT_DIR = fileURLToPath(new URL('.', import.meta.url));

/** A bench server running as its own node process on 127.0.0.1. */
export interface RunningServer {
  url: string;
  /** CPU time (user + system, µs) the server process has used so far; null where /proc is missing. */
  cpuMicros(): number | null;
  stop(): Promise<void>;
}

/** Runs a node script of the bench folder to completion; rejects on a non-zero exit. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NODE_SCRIPT_DIR + script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} exited with ${code}`))));
  });
}

/** Creates the schema and seeds the database (and `extraTokens`), then exits. */
export async function prepareDatabase(config: ServerConfig): Promise<void> {
  await runScript('server.js', [], { BENCH_CONFIG: JSON.stringify({ ...config, prepareOnly: true }) });
}

export function startServer(config: ServerConfig): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_SCRIPT], {
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${config.app} server exited with ${code} before listening`)));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const ready = JSON.parse(line) as ServerReady;
      resolve({
        url: `http://127.0.0.1:${ready.port}`,
        cpuMicros: () => processCpuMicros(child.pid!),
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** utime + stime of a process from /proc (Linux), in µs; null elsewhere. */
function processCpuMicros(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / ticksPerSecond;
  } catch {
    return null;
  }
}
