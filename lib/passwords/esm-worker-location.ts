import { createRequire } from 'node:module';

/**
 * Locations for the ES module build only (the CommonJS build uses `__dirname` and `require` and leaves
 * this file out, so no code both builds share holds `import.meta`): the bcrypt worker, and a `require`
 * that resolves this package's own dependencies.
 */
export const bcryptWorkerUrl = new URL('./bcrypt.worker.js', import.meta.url);

export const packageRequire = createRequire(import.meta.url);
