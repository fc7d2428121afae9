import assert from 'node:assert/strict';
import { RegistrationConfigurationError } from 'nestjs-rest-registration';
import { type AppOptions, createTestApp } from './app.js';

/** Starts an app with these options and returns its startup problems as `<id> <problem>` (none: []). */
export async function startupProblemsOf(options: AppOptions): Promise<string[]> {
  const t = await createTestApp({ ...options, skipInit: true });
  try {
    await t.app.init();
    return [];
  } catch (error) {
    assert.ok(error instanceof RegistrationConfigurationError, String(error));
    return error.problems.map((p) => `${p.id} ${p.problem}`);
  } finally {
    await t.close();
  }
}
