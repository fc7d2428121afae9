/**
 * Runs every e2e suite again on the Fastify adapter: each suite file is imported a second time (a
 * distinct module instance, thanks to the query string) with Fastify as the default adapter.
 * The sample app suite is Express-only: the sample is an Express app.
 */
import { readdirSync } from 'node:fs';

(globalThis as { TEST_ADAPTER?: string }).TEST_ADAPTER = 'fastify';

const here = new URL('.', import.meta.url);
const suites = readdirSync(here).filter(
  (file) => file.endsWith('.e2e.test.js') && file !== 'sample.e2e.test.js',
);
for (const file of suites.sort()) {
  await import(new URL(`${file}?adapter=fastify`, here).href);
}
