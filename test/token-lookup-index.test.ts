import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { DataSource, type FindOneOptions } from 'typeorm';
import { DATABASES, type DatabaseKind, type FreshDatabase } from './support/databases.js';

const ROWS = 100_000;
const CHUNK = 1_000;

const digestOf = (index: number) => createHash('sha256').update(`seed-token-${index}`).digest('hex');

/** Where the plan of one SELECT says the rows come from. */
interface Access {
  /** An index is used to find the rows (not a full scan). */
  indexed: boolean;
  /** The index used, as the database names it. */
  index: string | null;
  plan: string;
}

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };

function postgresNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(postgresNodes)];
}

async function explain(
  kind: DatabaseKind,
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<Access> {
  if (kind === 'sqlite') {
    const rows: Array<{ detail: string }> = await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
    const plan = rows.map((row) => row.detail).join('\n');
    const match = /SEARCH \S+ USING (?:COVERING )?(INDEX (\S+)|INTEGER PRIMARY KEY|PRIMARY KEY)/.exec(plan);
    return { indexed: match !== null && !/\bSCAN\b/.test(plan), index: match ? (match[2] ?? match[1]) : null, plan };
  }
  if (kind === 'postgres') {
    const rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> = await dataSource.query(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      parameters,
    );
    const nodes = postgresNodes(rows[0]['QUERY PLAN'][0].Plan);
    const table = nodes.find((node) => node['Relation Name'] === 'registration_auth_token');
    const plan = nodes.map((node) => `${node['Node Type']} ${node['Index Name'] ?? ''}`).join('\n');
    const indexed =
      table !== undefined &&
      /Index/.test(table['Node Type']) &&
      !nodes.some((node) => node['Node Type'] === 'Seq Scan');
    return { indexed, index: table?.['Index Name'] ?? null, plan };
  }
  const rows: Array<{ type: string | null; key: string | null; Extra: string | null }> = await dataSource.query(
    `EXPLAIN ${sql}`,
    parameters,
  );
  const plan = JSON.stringify(rows);
  if (rows.length === 1 && rows[0].Extra === 'Impossible WHERE noticed after reading const tables') {
    // A "const table": MariaDB looked the value up in the primary key while planning (only a primary or
    // unique key compared to a constant makes one) and found no row; no scan follows.
    return { indexed: true, index: 'PRIMARY', plan };
  }
  return {
    indexed: rows.length === 1 && rows[0].type !== 'ALL' && rows[0].key !== null,
    index: rows[0]?.key ?? null,
    plan,
  };
}

for (const database of DATABASES) {
  describe(`token lookup with ${ROWS} tokens on ${database.name}`, { skip: database.skip }, () => {
    let fresh: FreshDatabase;
    let dataSource: DataSource;

    const planOf = (options: FindOneOptions<AuthTokenEntity>) => {
      // The query findOne() sends: the manager looks tokens up with findOne({ where: { digest } }).
      const [sql, parameters] = dataSource
        .getRepository(AuthTokenEntity)
        .createQueryBuilder('token')
        .setFindOptions({ ...options, take: 1 })
        .getQueryAndParameters();
      return explain(database.kind, dataSource, sql, parameters);
    };

    before(async () => {
      fresh = await database.create();
      dataSource = new DataSource(fresh.options([AuthTokenEntity]));
      await dataSource.initialize();
      const tokens = dataSource.getRepository(AuthTokenEntity);
      const createdAt = new Date();
      for (let start = 0; start < ROWS; start += CHUNK) {
        const rows = Array.from({ length: CHUNK }, (_, offset) => ({
          digest: digestOf(start + offset),
          userId: String((start + offset) % 5_000),
          createdAt,
          lastUsedAt: null,
          expiresAt: null,
        }));
        await tokens.insert(rows);
      }
      // Fresh statistics, as autovacuum / a host's maintenance would have.
      if (database.kind === 'postgres') await dataSource.query('ANALYZE registration_auth_token');
      else if (database.kind === 'mariadb') await dataSource.query('ANALYZE TABLE registration_auth_token');
      else await dataSource.query('ANALYZE');
    });
    after(async () => {
      await dataSource?.destroy();
      await fresh?.drop();
    });

    it(`holds ${ROWS} rows`, async () => {
      assert.equal(await dataSource.getRepository(AuthTokenEntity).count(), ROWS);
    });

    it('finds a token by digest through the primary key index, not a scan', async () => {
      const access = await planOf({ where: { digest: digestOf(77_777) } });
      assert.equal(access.indexed, true, access.plan);
      const primary = {
        sqlite: /^sqlite_autoindex_registration_auth_token_1$|PRIMARY KEY/,
        postgres: /^PK_registration_auth_token$/,
        mariadb: /^PRIMARY$/,
      };
      assert.match(access.index ?? '', primary[database.kind], access.plan);
    });

    it('finds an unknown digest through the same index', async () => {
      const access = await planOf({ where: { digest: 'f'.repeat(64) } });
      assert.equal(access.indexed, true, access.plan);
    });

    it('reports a lookup by an unindexed column as a scan (the check can fail)', async () => {
      const access = await planOf({ where: { lastUsedAt: new Date() } });
      assert.equal(access.indexed, false, access.plan);
    });

    it("finds a user's tokens (revoke_all_tokens) through the userId index", async () => {
      const access = await planOf({ where: { userId: '4242' } });
      assert.equal(access.indexed, true, access.plan);
      assert.match(access.index ?? '', /IDX_registration_auth_token_user/, access.plan);
    });
  });
}
