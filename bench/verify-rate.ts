import { Argon2PasswordHasher } from 'nestjs-rest-registration';

/**
 * The raw verify rate of the hasher the login uses (same class, default parameters), with
 * `concurrency` verifies in flight for `seconds`: the ceiling of login throughput. Prints verifies/s.
 * With a third argument `hash`: the raw hash rate instead (the ceiling of register throughput).
 */
const [concurrencyArg, secondsArg, mode] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
const hasher = new Argon2PasswordHasher();
const encoded = await hasher.hash('correct horse battery staple');
await hasher.verify('correct horse battery staple', encoded); // warm the pool

let done = 0;
const end = performance.now() + seconds * 1000;
async function lane(): Promise<void> {
  while (performance.now() < end) {
    if (mode === 'hash') await hasher.hash('correct horse battery staple');
    else if (!(await hasher.verify('correct horse battery staple', encoded))) throw new Error('verify failed');
    done++;
  }
}
const start = performance.now();
await Promise.all(Array.from({ length: concurrency }, lane));
process.stdout.write(`${JSON.stringify({ perSecond: done / ((performance.now() - start) / 1000) })}\n`);
