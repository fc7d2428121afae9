import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Argon2PasswordHasher } from 'nestjs-rest-registration';
import { hashDjangoPbkdf2 } from '../lib/passwords/django-pbkdf2.js';
import { createTestApp, type TestApp } from './support/app.js';
import { User } from './support/entities.js';

// Published crypt_blowfish test vectors (password "U*U"), in each prefix real tables hold.
const BCRYPT_2A = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
const BCRYPT_2B = '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
const BCRYPT_2Y = '$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
// Django's format, computed independently with Python's hashlib.pbkdf2_hmac.
const DJANGO_PASSWORD = 'correct horse battery';
const DJANGO_PBKDF2 = 'pbkdf2_sha256$1000$seasalt$DrdiWD40lyBuydnjvZiDrdQMx1S1mOA9O0QYex0R6ww=';
const DJANGO_PBKDF2_LETMEIN = 'pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id at m=19 MiB, t=2, p=1 and verifies its own hashes', async () => {
    const encoded = await hasher.hash('pässwörd');
    assert.match(encoded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await hasher.verify('pässwörd', encoded), true);
    assert.equal(await hasher.verify('passwörd', encoded), false);
    assert.equal(hasher.needsRehash(encoded), false);
  });

  it('verifies bcrypt $2a$, $2b$ and $2y$ hashes and asks to rehash them', async () => {
    for (const encoded of [BCRYPT_2A, BCRYPT_2B, BCRYPT_2Y]) {
      assert.equal(await hasher.verify('U*U', encoded), true, encoded);
      assert.equal(await hasher.verify('U*U*', encoded), false, encoded);
      assert.equal(hasher.needsRehash(encoded), true);
    }
  });

  it('verifies Django pbkdf2_sha256 hashes and asks to rehash them', async () => {
    assert.equal(await hasher.verify(DJANGO_PASSWORD, DJANGO_PBKDF2), true);
    assert.equal(await hasher.verify('lètmein', DJANGO_PBKDF2_LETMEIN), true);
    assert.equal(await hasher.verify('letmein', DJANGO_PBKDF2_LETMEIN), false);
    assert.equal(hasher.needsRehash(DJANGO_PBKDF2), true);
    assert.equal(await hashDjangoPbkdf2(DJANGO_PASSWORD, 'seasalt', 1000), DJANGO_PBKDF2);
  });

  it("verifies Django's argon2$ form", async () => {
    const phc = await hasher.hash('django');
    assert.equal(await hasher.verify('django', `argon2${phc}`), true);
    assert.equal(hasher.needsRehash(`argon2${phc}`), true);
  });

  it('asks to rehash argon2 hashes with weaker parameters', async () => {
    const weak = await new Argon2PasswordHasher({ memoryCost: 8192, timeCost: 1 }).hash('x');
    assert.equal(await hasher.verify('x', weak), true);
    assert.equal(hasher.needsRehash(weak), true);
  });

  it('answers false, never throws, for unusable, malformed and missing hashes', async () => {
    for (const encoded of [
      '!unusable',
      '',
      'md5$abc$def',
      '$2b$05$short',
      'pbkdf2_sha256$1$salt$',
      '$argon2id$v=19$garbage',
      null,
      undefined,
    ]) {
      assert.equal(await hasher.verify('U*U', encoded), false, String(encoded));
    }
  });

  it('runs many verifies at once to the end, failures included, and still has every slot afterwards', async () => {
    // Verifies beyond one per core plus one wait their turn; a failed one must give its slot back.
    const encoded = await hasher.hash('many');
    const cases = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? hasher.verify('many', '$argon2id$v=19$garbage')
        : hasher.verify(i % 3 === 1 ? 'many' : 'nope', encoded),
    );
    const results = await Promise.all(cases);
    assert.deepEqual(
      results,
      Array.from({ length: 12 }, (_, i) => i % 3 === 1),
    );
    assert.equal(await hasher.verify('many', encoded), true);
  });
});

describe('login with hashes from other systems', () => {
  let t: TestApp;
  const stored = async (username: string) =>
    (await t.dataSource.getRepository(User).findOneByOrFail({ username })).password;

  before(async () => {
    t = await createTestApp();
    await t.addUser({ username: 'from-nest', password: BCRYPT_2B });
    await t.addUser({ username: 'from-php', password: BCRYPT_2Y });
    await t.addUser({ username: 'from-django', password: DJANGO_PBKDF2 });
  });
  after(() => t.close());

  for (const [username, password, original] of [
    ['from-nest', 'U*U', BCRYPT_2B],
    ['from-php', 'U*U', BCRYPT_2Y],
    ['from-django', DJANGO_PASSWORD, DJANGO_PBKDF2],
  ] as const) {
    it(`${username}: a wrong password leaves the hash alone; the right one logs in and upgrades it to argon2id`, async () => {
      const wrong = await t.http.post('/accounts/login').send({ login: username, password: `${password}!` });
      assert.equal(wrong.status, 400);
      assert.equal(await stored(username), original);

      const right = await t.http.post('/accounts/login').send({ login: username, password });
      assert.equal(right.status, 200);
      const upgraded = await stored(username);
      assert.match(upgraded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      const again = await t.http.post('/accounts/login').send({ login: username, password });
      assert.equal(again.status, 200);
      assert.equal(await stored(username), upgraded, 'an up-to-date hash is not rewritten');
    });
  }
});
