import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  AuthTokenEntity,
  type InvalidationListener,
  type TokenInvalidation,
  type TokenInvalidationChannel,
} from 'nestjs-rest-registration';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { createTestApp, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';

/** A host's own channel for a single instance: it always listens and hears its own publishes. */
class InProcessChannel implements TokenInvalidationChannel {
  private listener?: InvalidationListener;
  readonly isListening = true;
  async start(listener: InvalidationListener): Promise<void> {
    this.listener = listener;
    listener.listening(true);
  }
  async publish(invalidation: TokenInvalidation): Promise<void> {
    this.listener?.invalidate(invalidation);
  }
  async close(): Promise<void> {}
}

/** Keeps every UPDATE of the token table that TypeORM sends, with its parameters. */
class TokenUpdates implements TypeOrmLogger {
  readonly seen: unknown[][] = [];
  logQuery(query: string, parameters?: unknown[]): void {
    if (/^\s*UPDATE\b/i.test(query) && /registration_auth_token/i.test(query)) this.seen.push(parameters ?? []);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Runs `work` with the clock moved `offsetMs` ahead of `base` (the manager and the cache read `Date.now()`). */
async function at<T>(base: number, offsetMs: number, work: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  const start = realNow();
  Date.now = () => base + offsetMs + (realNow() - start);
  try {
    return await work();
  } finally {
    Date.now = realNow;
  }
}

for (const database of DATABASES) {
  describe(
    `token cache hits write lastUsedAt at most once a minute (${database.name})`,
    { skip: database.skip },
    () => {
      let t: TestApp;
      const updates = new TokenUpdates();
      before(async () => {
        t = await createTestApp({
          database,
          settings: { tokenCache: { channel: new InProcessChannel(), ttl: 60 } },
          databaseOptions: { logging: ['query'], logger: updates },
        });
        await t.addUser({ username: 'alice' });
      });
      after(() => t.close());

      it('answers from memory and writes the last use only when a minute has passed since the stored one', async () => {
        const profile = (token: string) => t.http.get('/profile').set('Authorization', `Token ${token}`);
        const token = await t.login('alice');
        const tokens = t.dataSource.getRepository(AuthTokenEntity);
        const [row] = await tokens.find();
        const base = Date.now();
        // Used 30 s ago (on another instance, say): the first request reads it and needs no write.
        await tokens.update({ digest: row.digest }, { lastUsedAt: new Date(base - 30_000) });
        updates.seen.length = 0;
        assert.equal((await at(base, 0, () => profile(token))).status, 200);
        // From now on only the cache can answer: the row is gone, and nothing told the cache.
        await tokens.delete({ digest: row.digest });
        assert.equal((await at(base, 20_000, () => profile(token))).status, 200, 'a hit 50 s after the last use');
        await sleep(50);
        assert.equal(updates.seen.length, 0, 'no write within the minute');
        for (const offset of [31_000, 40_000, 50_000, 59_000]) {
          assert.equal((await at(base, offset, () => profile(token))).status, 200, `a hit at +${offset} ms`);
        }
        await sleep(50);
        assert.equal(updates.seen.length, 1, 'one write once the minute had passed, none for the hits after it');
        const written = updates.seen[0].find((value) => value instanceof Date || typeof value === 'string');
        // SQLite's driver sends the UTC time as text without a zone.
        const writtenAt =
          typeof written === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(written)
            ? new Date(`${written.replace(' ', 'T')}Z`).getTime()
            : new Date(written as Date | string).getTime();
        assert.ok(Math.abs(writtenAt - (base + 31_000)) < 5_000, `written at the hit's time (${String(written)})`);
        // Past the cache's ttl the database is asked again, and the deleted row ends the token.
        assert.equal((await at(base, 61_000, () => profile(token))).status, 401);
      });
    },
  );
}
