/**
 * Runs every e2e suite again on the Fastify adapter: each suite file is imported a second time (a
 * distinct module instance, thanks to the query string) with Fastify as the default adapter.
 */
import { readdirSync } from 'node:fs';

(globalThis as { TEST_ADAPTER?: string }).TEST_ADAPTER = 'fastify';

const here = new URL('.', import.meta.url);
// Adapter-independent suites stay Express-only: the sample (an Express app), the separate-process
// instances, the database outage proxy and the 200-way concurrency runs exercise the database layer.
const EXPRESS_ONLY = new Set(
  ['sample', 'multi-instance', 'database-outage', 'concurrency'].map((name) => `${name}.e2e.test.js`),
);
const suites = readdirSync(here).filter((file) => file.endsWith('.e2e.test.js') && !EXPRESS_ONLY.has(file));
for (const file of suites.sort()) {
  await import(new URL(`${file}?adapter=fastify`, here).href);
}
