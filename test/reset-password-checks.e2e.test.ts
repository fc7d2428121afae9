import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthTokenEntity, type CheckProblem, type RegistrationModuleOptions } from 'nestjs-rest-registration';
import type { AppOptions } from './support/app.js';
import { User, UserWithSharedEmail } from './support/entities.js';
import { checkProblemsOf, QuietMailer } from './support/startup-problems.js';

const RESET = ['login', 'logout', 'send-reset-password-link', 'reset-password'] as const;

/** A configuration every reset-password check accepts. */
const good: Partial<RegistrationModuleOptions> = {
  secretKey: 'k'.repeat(32),
  resetPasswordVerificationUrl: 'https://app.example/reset-password/',
  verificationFromEmail: 'no-reply@example.com',
  mailTransport: 'smtp://127.0.0.1:2525',
};

const problemsFor = (options: AppOptions): Promise<CheckProblem[]> =>
  checkProblemsOf({
    entities: [User, UserWithSharedEmail, AuthTokenEntity],
    extras: { routes: [...RESET] },
    ...options,
    settings: { ...good, ...options.settings },
  });

const ids = async (options: AppOptions) => (await problemsFor(options)).map((problem) => problem.id).sort();

describe('startup checks of send-reset-password-link and reset-password', () => {
  it('stay silent for a complete configuration, a replaced mailer, and the flow switched off', async () => {
    assert.deepEqual(await ids({}), []);
    assert.deepEqual(await ids({ settings: { mailTransport: null, mailer: QuietMailer } }), []);
    assert.deepEqual(
      await ids({
        settings: {
          resetPasswordVerificationEnabled: false,
          secretKey: null,
          mailTransport: null,
          resetPasswordVerificationUrl: null,
          verificationFromEmail: null,
        },
      }),
      [],
    );
    assert.deepEqual(
      await ids({ settings: { resetPasswordVerificationUrl: null, verificationUrlBuilder: () => 'x' } }),
      [],
      'a URL builder of the host replaces the URL',
    );
  });

  it("E001, E004, E080, E081: upstream's E001 with the others, reported together", async () => {
    const problems = await problemsFor({
      settings: {
        resetPasswordVerificationUrl: null,
        verificationFromEmail: null,
        secretKey: null,
        mailTransport: null,
      },
    });
    assert.deepEqual(problems.map((problem) => problem.id).sort(), [
      'registration.E001',
      'registration.E004',
      'registration.E080',
      'registration.E081',
    ]);
    assert.equal(
      problems.find((problem) => problem.id.endsWith('E001'))!.problem,
      'resetPasswordVerificationUrl is not set.',
    );
  });

  it('E080 is reported once when register and reset both need the key; E004 and E081 too', async () => {
    const problems = await ids({
      extras: { routes: [...RESET, 'register', 'verify-registration'] },
      settings: {
        registerVerificationUrl: 'https://app.example/verify/',
        secretKey: 'short',
        verificationFromEmail: null,
        mailTransport: null,
      },
    });
    assert.deepEqual(problems, ['registration.E004', 'registration.E080', 'registration.E081']);
  });

  it('E080, E004 and E081 are reported once when reset and register-email both need them (no register)', async () => {
    const problems = await ids({
      extras: { routes: [...RESET, 'register-email', 'verify-email'] },
      settings: {
        registerEmailVerificationUrl: 'https://app.example/verify-email/',
        secretKey: 'short',
        verificationFromEmail: null,
        mailTransport: null,
      },
    });
    assert.deepEqual(problems, ['registration.E004', 'registration.E080', 'registration.E081']);
  });

  it('E007: a reset template that is not a function', async () => {
    assert.deepEqual(await ids({ settings: { resetPasswordVerificationEmailTemplates: 'reset.txt' as never } }), [
      'registration.E007',
    ]);
  });

  it('E013: the {email} body on an e-mail column that is not unique; fine on a unique one', async () => {
    const problems = await problemsFor({
      settings: { userEntity: UserWithSharedEmail, sendResetPasswordLinkSerializerUseEmail: true },
    });
    assert.deepEqual(
      problems.map((problem) => problem.id),
      ['registration.E013'],
    );
    assert.match(problems[0].problem, /^sendResetPasswordLinkSerializerUseEmail is set but the e-mail field/);
    assert.deepEqual(await ids({ settings: { userEntity: User, sendResetPasswordLinkSerializerUseEmail: true } }), []);
  });

  it('E084: one reset route without the other', async () => {
    assert.deepEqual(await ids({ extras: { routes: ['login', 'send-reset-password-link'] } }), ['registration.E084']);
    assert.deepEqual(await ids({ extras: { routes: ['login', 'reset-password'] } }), ['registration.E084']);
  });

  it('E086: only one of the reset redirect URLs', async () => {
    assert.deepEqual(
      await ids({ settings: { verificationRedirects: { resetPasswordSuccessUrl: 'https://app.example/ok/' } } }),
      ['registration.E086'],
    );
  });
});
