import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import type { RawResponse } from './raw-http.js';

/** Whether `body` is `{"detail": string}` or DRF field errors `{field: [string, ...]}`. */
export function isContractErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const entries = Object.entries(body);
  if (entries.length === 0) return false;
  if (entries.length === 1 && entries[0][0] === 'detail') return typeof entries[0][1] === 'string';
  return entries.every(
    ([key, value]) =>
      key !== 'detail' &&
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((message) => typeof message === 'string'),
  );
}

/**
 * Asserts a response of the app honours the contract: never a 5xx, and every 4xx the app produced carries
 * the contract's body. `parserLevel` allows Node's own bodiless 400/431 for bytes HTTP itself forbids;
 * `hostRoute` marks a route of the host (guarded by the module, but answered by Nest for everything else).
 */
export function assertContractResponse(
  response: RawResponse,
  context: { method: string; parserLevel?: boolean; hostRoute?: boolean },
): unknown {
  const where = `${context.method}: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`;
  assert.ok(response.status >= 200 && response.status < 500, `never a 5xx (${where})`);
  if (response.body.length === 0) {
    const bodiless =
      context.method === 'HEAD' ||
      response.status === 204 ||
      (context.parserLevel === true && [400, 413, 431].includes(response.status));
    assert.ok(bodiless, `a body is expected (${where})`);
    return undefined;
  }
  assert.match(response.headers['content-type'] ?? '', /^application\/json/, where);
  const body: unknown = JSON.parse(response.body.toString('utf8'));
  // On a host route only the module's guard answers (401); body-parser and routing errors there are the host's.
  const ours = !context.hostRoute || response.status === 401;
  if (response.status >= 400 && ours) assert.ok(isContractErrorBody(body), `contract error body (${where})`);
  return body;
}

function quote(dataSource: DataSource, name: string): string {
  return dataSource.driver.escape(name);
}

/** Every row of every table (not only the module's), for before/after comparisons and secret searches. */
export async function dumpDatabase(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const type = dataSource.options.type;
  let tables: string[];
  if (type === 'better-sqlite3' || type === 'sqljs' || type === 'capacitor') {
    const rows: Array<{ name: string }> = await dataSource.query(
      `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
    );
    tables = rows.map((row) => row.name);
  } else if (type === 'postgres') {
    const rows: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    tables = rows.map((row) => row.table_name);
  } else {
    const rows: Array<Record<string, string>> = await dataSource.query('SHOW TABLES');
    tables = rows.map((row) => Object.values(row)[0]).sort();
  }
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) dump[table] = await dataSource.query(`SELECT * FROM ${quote(dataSource, table)}`);
  return dump;
}
