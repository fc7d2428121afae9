/**
 * Where the bcrypt worker is, for the ES module build only (the CommonJS build uses `__dirname` and
 * leaves this file out, so no code both builds share holds `import.meta`).
 */
export const bcryptWorkerUrl = new URL('./bcrypt.worker.js', import.meta.url);
