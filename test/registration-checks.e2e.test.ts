import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthTokenEntity, type CheckProblem, type RegistrationModuleOptions } from 'nestjs-rest-registration';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type AppOptions, createTestApp } from './support/app.js';
import { User } from './support/entities.js';
import { CapturingLogger } from './support/secrets.js';
import { checkProblemsOf, QuietMailer } from './support/startup-problems.js';

/** No e-mail column, and a JSON column the generated serializer cannot read. */
@Entity('check_users')
class NoEmailUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'simple-json', nullable: true })
  preferences: object | null;

  @Column({ type: 'varchar' })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

const REGISTER = ['login', 'logout', 'register', 'verify-registration'] as const;

/** A configuration every registration check accepts. */
const good: Partial<RegistrationModuleOptions> = {
  secretKey: 'k'.repeat(32),
  registerVerificationUrl: 'https://app.example/verify/',
  registerEmailVerificationUrl: 'https://app.example/verify-email/',
  verificationFromEmail: 'no-reply@example.com',
  mailTransport: 'smtp://127.0.0.1:2525',
};

const problemsFor = (options: AppOptions): Promise<CheckProblem[]> =>
  checkProblemsOf({
    entities: [User, NoEmailUser, AuthTokenEntity],
    extras: { routes: [...REGISTER] },
    ...options,
    settings: { ...good, ...options.settings },
  });

const ids = async (options: AppOptions) => (await problemsFor(options)).map((problem) => problem.id).sort();

describe('startup checks of register and verify-registration', () => {
  it('stay silent for a complete configuration, and for an app that serves only login', async () => {
    assert.deepEqual(await ids({}), []);
    assert.deepEqual(await ids({ extras: {}, settings: { secretKey: null, mailTransport: null } }), []);
    assert.deepEqual(await ids({ settings: { mailTransport: null, mailer: QuietMailer } }), []);
    assert.deepEqual(
      await ids({ settings: { registerVerificationEnabled: false, secretKey: null, mailTransport: null } }),
      [],
    );
  });

  it('E002, E004, E080, E081: no URL, no sender, no secret key, no transport, reported together', async () => {
    const problems = await problemsFor({
      settings: { registerVerificationUrl: null, verificationFromEmail: null, secretKey: null, mailTransport: null },
    });
    assert.deepEqual(problems.map((problem) => problem.id).sort(), [
      'registration.E002',
      'registration.E004',
      'registration.E080',
      'registration.E081',
    ]);
    assert.match(
      problems.find((problem) => problem.id.endsWith('E002'))!.problem,
      /registerVerificationUrl is not set/,
    );
  });

  it('E080: a key or a fallback under 32 bytes', async () => {
    assert.deepEqual(await ids({ settings: { secretKey: 'short' } }), ['registration.E080']);
    assert.deepEqual(await ids({ settings: { secretKeyFallbacks: ['old'] } }), ['registration.E080']);
    assert.deepEqual(await ids({ settings: { secretKey: 'é'.repeat(16) } }), []);
  });

  it('E007: a template that is not a function', async () => {
    assert.deepEqual(await ids({ settings: { registerVerificationEmailTemplates: 'register.txt' as never } }), [
      'registration.E007',
    ]);
  });

  it('E082: hidden, public, flag and id fields that are not columns', async () => {
    const problems = await problemsFor({
      settings: {
        userHiddenFields: ['isActive', 'isStaff'],
        userPublicFields: ['username', 'nickname'],
        userVerificationFlagField: 'verified',
        userVerificationIdField: 'uuid',
      },
    });
    assert.deepEqual(
      problems.map((problem) => problem.problem),
      [
        'userHiddenFields names "isStaff", not a column of User.',
        'userPublicFields names "nickname", not a column of User.',
        'userVerificationFlagField names "verified", not a column of User.',
        'userVerificationIdField names "uuid", not a column of User.',
      ],
    );
  });

  it('E083 and E085: no e-mail column while verification is on; a column type the serializer cannot read', async () => {
    assert.deepEqual(await ids({ settings: { userEntity: NoEmailUser } }), ['registration.E083', 'registration.E085']);
    assert.deepEqual(
      await ids({
        settings: {
          userEntity: NoEmailUser,
          registerVerificationEnabled: false,
          userHiddenFields: ['isActive', 'preferences'],
        },
      }),
      [],
    );
  });

  it('E084: unknown route names; verify-registration without register', async () => {
    assert.deepEqual(await ids({ extras: { routes: ['login', 'sign-up' as never] } }), ['registration.E084']);
    const problems = await problemsFor({ extras: { routes: ['login', 'verify-registration'] } });
    assert.deepEqual(
      problems.map((problem) => problem.problem),
      ['routes has verify-registration but not register, which sends its links.'],
    );
    const resetUrl = { resetPasswordVerificationUrl: 'https://app.example/reset/' };
    assert.deepEqual(await ids({ extras: { routes: 'all' }, settings: resetUrl }), []);
  });

  it('E086: a redirect with one of its two URLs', async () => {
    const one = { verifyRegistrationSuccessUrl: 'https://app.example/ok' };
    assert.deepEqual(await ids({ settings: { verificationRedirects: one } }), ['registration.E086']);
    const both = { ...one, verifyRegistrationFailureUrl: 'https://app.example/failed' };
    assert.deepEqual(await ids({ settings: { verificationRedirects: both } }), []);
    assert.deepEqual(
      await ids({ settings: { verificationRedirects: { verifyEmailSuccessUrl: 'https://x.example' } } }),
      [],
    );
  });

  it('W001: auto-login without one-time links is logged as a warning, and the app starts', async () => {
    const logger = new CapturingLogger();
    const t = await createTestApp({
      entities: [User, AuthTokenEntity],
      extras: { routes: [...REGISTER] },
      settings: { ...good, registerVerificationAutoLogin: true, registerVerificationOneTimeUse: false },
      logger,
    });
    await t.close();
    const warnings = logger.entries.filter((entry) => entry.level === 'warn').map((entry) => String(entry.args[0]));
    assert.ok(warnings.some((text) => text.startsWith('[registration.W001] registerVerificationAutoLogin is enabled')));
    const quiet = new CapturingLogger();
    const s = await createTestApp({
      entities: [User, AuthTokenEntity],
      extras: { routes: [...REGISTER] },
      settings: { ...good, registerVerificationAutoLogin: true },
      logger: quiet,
    });
    await s.close();
    assert.ok(!quiet.text.includes('W001'));
  });
});
