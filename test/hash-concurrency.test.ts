import assert from 'node:assert/strict';
import type * as Crypto from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { PasswordHasher as PasswordHasherType } from 'nestjs-rest-registration';
import type { TestApp } from './support/app.js';

// Every password computation the default hasher can start, counted while it runs: argon2 (hash and
// verify, PHC and Django's argon2$), PBKDF2 (Django's pbkdf2_sha256) and bcrypt (its worker pool).
// The counters wrap the functions before the package loads, so its modules bind the wrapped ones.
let running = 0;
let peak = 0;
const enter = () => {
  running++;
  peak = Math.max(peak, running);
};
function counted<T, A extends unknown[], R>(work: (this: T, ...args: A) => Promise<R>) {
  return function (this: T, ...args: A): Promise<R> {
    enter();
    return work.apply(this, args).finally(() => running--);
  };
}

const require = createRequire(import.meta.url);
type Argon2Work = (...args: unknown[]) => Promise<unknown>;
const argon2 = require('@node-rs/argon2') as { hash: Argon2Work; verify: Argon2Work };
argon2.hash = counted(argon2.hash);
argon2.verify = counted(argon2.verify);

type Pbkdf2Callback = (error: Error | null, key: Buffer) => void;
const crypto = require('node:crypto') as typeof Crypto;
const pbkdf2 = crypto.pbkdf2;
crypto.pbkdf2 = ((...args: unknown[]) => {
  const callback = args.pop() as Pbkdf2Callback;
  enter();
  (pbkdf2 as (...rest: unknown[]) => void)(...args, (error: Error | null, key: Buffer) => {
    running--;
    callback(error, key);
  });
}) as typeof crypto.pbkdf2;
syncBuiltinESMExports();

type BcryptPool = { prototype: { verify(password: string, encoded: string): Promise<boolean> } };
const packageUrl = import.meta.resolve('nestjs-rest-registration');
const { BcryptVerifier } = (await import(new URL('./passwords/bcrypt-verifier.js', packageUrl).href)) as {
  BcryptVerifier: BcryptPool;
};
BcryptVerifier.prototype.verify = counted(BcryptVerifier.prototype.verify);

const { PasswordHasher } = await import('nestjs-rest-registration');
const { createTestApp } = await import('./support/app.js');
const { hashDjangoPbkdf2 } = await import('../lib/passwords/django-pbkdf2.js');
const bcrypt = (await import('bcryptjs')).default;

/** One computation per core plus one, as `Argon2PasswordHasher` documents. */
const LIMIT = Math.max(1, availableParallelism()) + 1;
const PASSWORD = 'flood of logins';
const MALFORMED = [
  '$argon2id$v=19$garbage',
  'argon2$argon2id$v=19$garbage',
  '$2b$10$short',
  'pbkdf2_sha256$1$salt$',
  'pbkdf2_sha256$100000$salt$AAAA',
  'md5$abc$def',
  '!unusable',
  '',
  null,
];

describe('every stored scheme runs under the one concurrency limit', () => {
  let t: TestApp;
  let hasher: PasswordHasherType;
  const stored: Record<string, string> = {};

  before(async () => {
    t = await createTestApp();
    hasher = t.app.get(PasswordHasher);
    const argon2id = await hasher.hash(PASSWORD);
    stored.argon2id = argon2id;
    stored['Django argon2$'] = `argon2${argon2id}`;
    stored['bcrypt $2b$'] = bcrypt.hashSync(PASSWORD, 10);
    stored['Django pbkdf2_sha256'] = await hashDjangoPbkdf2(PASSWORD, 'seasalt', 100_000);
    // The hasher's dummy hash (for unknown schemes) is made once; let it exist before counting.
    assert.equal(await hasher.verify(PASSWORD, null), false);
  });
  after(() => t.close());

  /** Starts every check at once and answers the most computations that ran at one moment. */
  async function flood(checks: Array<() => Promise<unknown>>): Promise<{ peak: number; results: unknown[] }> {
    assert.equal(running, 0, 'nothing runs before the flood');
    peak = 0;
    const results = await Promise.all(checks.map((check) => check()));
    assert.equal(running, 0, 'nothing runs after the flood');
    return { peak, results };
  }

  for (const scheme of ['argon2id', 'Django argon2$', 'bcrypt $2b$', 'Django pbkdf2_sha256']) {
    it(`${scheme}: ${6 * LIMIT} verifies at once, right and wrong, never more than ${LIMIT} computing`, async () => {
      const encoded = stored[scheme];
      const expected = Array.from({ length: 6 * LIMIT }, (_, i) => i % 2 === 0);
      const { peak: most, results } = await flood(
        expected.map((right) => () => hasher.verify(right ? PASSWORD : `${PASSWORD}!`, encoded)),
      );
      assert.deepEqual(results, expected);
      assert.ok(most <= LIMIT, `${most} computations ran at once; the limit is ${LIMIT}`);
      assert.equal(most, LIMIT, 'the flood kept every slot busy (the counters see the work)');
    });
  }

  it('a mix of every scheme, malformed hashes and new hashes stays under the limit too', async () => {
    const checks: Array<() => Promise<unknown>> = [];
    const expected: unknown[] = [];
    for (let round = 0; round < 2; round++) {
      for (const encoded of Object.values(stored)) {
        checks.push(
          () => hasher.verify(PASSWORD, encoded),
          () => hasher.verify('wrong', encoded),
        );
        expected.push(true, false);
      }
      for (const encoded of MALFORMED) {
        checks.push(() => hasher.verify(PASSWORD, encoded));
        expected.push(false);
      }
      checks.push(async () => /^\$argon2id\$/.test(await hasher.hash(PASSWORD)));
      expected.push(true);
    }
    const { peak: most, results } = await flood(checks);
    assert.deepEqual(results, expected);
    assert.ok(most <= LIMIT, `${most} computations ran at once; the limit is ${LIMIT}`);
    assert.equal(most, LIMIT);
  });
});
