import bcrypt from 'bcryptjs';
import { parentPort } from 'node:worker_threads';

/** Verifies bcrypt hashes off the main thread (bcryptjs is pure JavaScript and would block it). */
parentPort?.on('message', ({ id, password, encoded }: { id: number; password: string; encoded: string }) => {
  let matches: boolean;
  try {
    matches = bcrypt.compareSync(password, encoded);
  } catch {
    matches = false;
  }
  parentPort?.postMessage({ id, matches });
});
