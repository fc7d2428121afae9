import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthTokenEntity,
  type CheckProblem,
  DefaultRegisterEmailSerializer,
  type RegistrationModuleOptions,
} from 'nestjs-rest-registration';
import { IsString } from 'class-validator';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AppOptions } from './support/app.js';
import { User } from './support/entities.js';
import { checkProblemsOf } from './support/startup-problems.js';

/** An entity without an e-mail column. */
@Entity('email_check_users')
class AddresslessUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar' })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

class WithoutEmail {
  @IsString()
  address: string;
}

class WithEmail extends DefaultRegisterEmailSerializer {
  @IsString()
  note: string;
}

const EMAIL = ['login', 'logout', 'register-email', 'verify-email'] as const;

/** A configuration every register-email check accepts. */
const good: Partial<RegistrationModuleOptions> = {
  secretKey: 'k'.repeat(32),
  registerEmailVerificationUrl: 'https://app.example/verify-email/',
  verificationFromEmail: 'no-reply@example.com',
  mailTransport: 'smtp://127.0.0.1:2525',
};

const problemsFor = (options: AppOptions): Promise<CheckProblem[]> =>
  checkProblemsOf({
    entities: [User, AddresslessUser, AuthTokenEntity],
    extras: { routes: [...EMAIL] },
    ...options,
    settings: { ...good, ...options.settings },
  });

const ids = async (options: AppOptions) => (await problemsFor(options)).map((problem) => problem.id).sort();

describe('startup checks of register-email and verify-email', () => {
  it('stay silent for a complete configuration, and with the flow off', async () => {
    assert.deepEqual(await ids({}), []);
    assert.deepEqual(
      await ids({
        settings: {
          registerEmailVerificationEnabled: false,
          registerEmailVerificationUrl: null,
          secretKey: null,
          mailTransport: null,
          verificationFromEmail: null,
        },
      }),
      [],
    );
  });

  it("E003 (upstream's text), E004, E080, E081: no URL, sender, key or transport, reported together", async () => {
    const missing = {
      registerEmailVerificationUrl: null,
      verificationFromEmail: null,
      secretKey: null,
      mailTransport: null,
    };
    const problems = await problemsFor({ settings: missing });
    assert.deepEqual(problems.map((problem) => problem.id).sort(), [
      'registration.E003',
      'registration.E004',
      'registration.E080',
      'registration.E081',
    ]);
    assert.equal(
      problems.find((problem) => problem.id.endsWith('E003'))!.problem,
      'register email verification is enabled, but registerEmailVerificationUrl is not set.',
    );
    // With register served as well, each shared setting is reported once.
    const both = await ids({
      extras: { routes: [...EMAIL, 'register', 'verify-registration'] },
      settings: { ...missing, registerVerificationUrl: null },
    });
    assert.deepEqual(both, [
      'registration.E002',
      'registration.E003',
      'registration.E004',
      'registration.E080',
      'registration.E081',
    ]);
    // verify-email alone still needs the key its links are checked with.
    assert.deepEqual(await ids({ settings: { secretKey: 'short' } }), ['registration.E080']);
  });

  it('E012: a register-email serializer without an email field, or not a class', async () => {
    const problems = await problemsFor({ settings: { registerEmailSerializerClass: WithoutEmail } });
    assert.deepEqual(
      problems.map((problem) => `${problem.id} ${problem.problem}`),
      ['registration.E012 registerEmailSerializerClass (WithoutEmail) does not contain email field.'],
    );
    assert.deepEqual(await ids({ settings: { registerEmailSerializerClass: 'x' as never } }), ['registration.E012']);
    assert.deepEqual(await ids({ settings: { registerEmailSerializerClass: WithEmail } }), []);
  });

  it('E007: a register-email template that is not a function', async () => {
    assert.deepEqual(await ids({ settings: { registerEmailVerificationEmailTemplates: 'body.txt' as never } }), [
      'registration.E007',
    ]);
    assert.deepEqual(
      await ids({
        settings: {
          registerEmailVerificationEnabled: false,
          registerEmailVerificationEmailTemplates: 'body.txt' as never,
        },
      }),
      [],
    );
  });

  it('E089: an e-mail flow on an entity without the e-mail column', async () => {
    const problems = await problemsFor({ settings: { userEntity: AddresslessUser } });
    assert.deepEqual(
      problems.map((problem) => problem.id),
      ['registration.E089'],
    );
    assert.match(problems[0].problem, /AddresslessUser has no column "email"/);
    assert.deepEqual(await ids({ settings: { userEntity: AddresslessUser }, extras: { routes: ['login'] } }), []);
  });

  it('E092: the verify-email redirect with one of its two URLs', async () => {
    const one = { verifyEmailSuccessUrl: 'https://app.example/ok' };
    assert.deepEqual(await ids({ settings: { verificationRedirects: one } }), ['registration.E092']);
    const both = { ...one, verifyEmailFailureUrl: 'https://app.example/failed' };
    assert.deepEqual(await ids({ settings: { verificationRedirects: both } }), []);
    assert.deepEqual(
      await ids({ settings: { verificationRedirects: one }, extras: { routes: ['login', 'register-email'] } }),
      [],
    );
  });

  it('E084: verify-email without register-email', async () => {
    const problems = await problemsFor({ extras: { routes: ['login', 'verify-email'] } });
    assert.deepEqual(
      problems.map((problem) => problem.problem),
      ['routes has verify-email but not register-email, which sends its links.'],
    );
  });
});
