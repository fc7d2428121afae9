import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import supertest from 'supertest';

const INSTANCE_SCRIPT = fileURLToPath(new URL('./instance.js', import.meta.url));

/** An app instance in its own process (test/support/instance.ts). */
export interface Instance {
  child: ChildProcess;
  url: string;
  http: ReturnType<typeof supertest>;
}

/** Starts one app instance as its own node process and waits until it listens; `env` as instance.ts reads it. */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [INSTANCE_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code} before listening`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return { child, url, http: supertest(url) };
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGTERM');
  await exited;
}
