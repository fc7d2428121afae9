import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { DATABASES } from './support/databases.js';

const VERSION_QUERY = {
  sqlite: 'SELECT sqlite_version() AS version',
  postgres: 'SELECT version() AS version',
  mariadb: 'SELECT version() AS version',
};

// Prints the server versions the suite ran on (as a test diagnostic), for docs/databases.md.
for (const database of DATABASES) {
  describe(`database version of ${database.name}`, { skip: database.skip }, () => {
    it('answers select version()', async (t) => {
      const fresh = await database.create();
      const dataSource = new DataSource(fresh.options([]));
      try {
        await dataSource.initialize();
        const [row] = (await dataSource.query(VERSION_QUERY[database.kind])) as Array<{ version: string }>;
        assert.equal(typeof row.version, 'string');
        t.diagnostic(`${database.name}: ${row.version}`);
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
        await fresh.drop();
      }
    });
  });
}
