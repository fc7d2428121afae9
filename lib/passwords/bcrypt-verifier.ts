import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

let location: Promise<string | URL> | undefined;

/** The worker file beside this one: from `__dirname` in the CommonJS build, from the module URL in the ES module one. */
function workerLocation(): Promise<string | URL> {
  location ??=
    typeof __dirname === 'string'
      ? Promise.resolve(join(__dirname, 'bcrypt.worker.js'))
      : // A specifier in a variable: the CommonJS build neither compiles nor ever loads that file.
        import(ESM_LOCATION).then((module: { bcryptWorkerUrl: URL }) => module.bcryptWorkerUrl);
  return location;
}
const ESM_LOCATION = './esm-worker-location.js';

interface Pending {
  resolve(matches: boolean): void;
  reject(error: Error): void;
}

/**
 * Verifies bcrypt hashes in a small pool of worker threads, created on first use and idle-unref'd,
 * so legacy hashes never block the event loop. Hashes are upgraded to argon2id at the next login,
 * so the pool is busy only while a user table migrates.
 */
export class BcryptVerifier {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextWorker = 0;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  async verify(password: string, encoded: string): Promise<boolean> {
    const id = this.nextId++;
    const worker = this.worker(await workerLocation());
    return new Promise<boolean>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, password, encoded });
    });
  }

  private worker(location: string | URL): Worker {
    if (this.workers.length < this.size) {
      const worker = new Worker(location);
      worker.on('message', ({ id, matches }: { id: number; matches: boolean }) => {
        this.pending.get(id)?.resolve(matches);
        this.pending.delete(id);
        if (this.pending.size === 0) for (const w of this.workers) w.unref();
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', () => {
        const index = this.workers.indexOf(worker);
        if (index !== -1) this.workers.splice(index, 1);
      });
      worker.unref();
      this.workers.push(worker);
      return worker;
    }
    this.nextWorker = (this.nextWorker + 1) % this.workers.length;
    return this.workers[this.nextWorker];
  }

  private failAll(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
