import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { type CheckProblem, RegistrationConfigurationError } from 'nestjs-rest-registration';
import { type RegistrationMailMessage, RegistrationMailer } from '../../lib/mail/index.js';
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

/**
 * Starts an app with these options and returns its startup problems (none: []); checks that the
 * error's message carries every problem's fix.
 */
export async function checkProblemsOf(options: AppOptions): Promise<CheckProblem[]> {
  const t = await createTestApp({ ...options, skipInit: true });
  try {
    await t.app.init();
    return [];
  } catch (error) {
    assert.ok(error instanceof RegistrationConfigurationError, `unexpected ${String(error)}`);
    for (const problem of error.problems) assert.ok(error.message.includes(`Fix: ${problem.fix}`));
    return error.problems;
  } finally {
    await t.close().catch(() => undefined);
  }
}

/** A mailer that sends nothing: a host's own `mailer`, so no transport is needed. */
@Injectable()
export class QuietMailer extends RegistrationMailer {
  send(_message: RegistrationMailMessage): Promise<void> {
    return Promise.resolve();
  }
}
