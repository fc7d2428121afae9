import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  composeVerificationMail,
  MailDeliveryFailed,
  type MailMessageFormatter,
  NodemailerRegistrationMailer,
  RegistrationMailer,
} from '../lib/mail/index.js';
import { buildDefaultVerificationUrl, signData } from '../lib/verification/index.js';
import { asText, assertNoSecrets } from './support/secrets.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const keys = { secretKey: 'peer-only-7Hq2vXk9LmP4sRt8WzY3bNc6DfG1jK5oQeU0aIyTx' };
const from = { from: 'no-reply@example.com' };

function link(
  flow: 'register' | 'reset-password' | 'register-email',
  baseUrl: string,
  data: Record<string, string | number>,
  timestamp: number,
): string {
  return buildDefaultVerificationUrl({ flow, baseUrl, data: signData(data, flow, keys, timestamp), user: {} });
}

/** The three messages of upstream's section 4, with the links upstream e-mailed. */
const UPSTREAM = [
  {
    flow: 'register' as const,
    context: {
      user: { id: 4 },
      email: 'dave@example.com',
      verificationUrl: link('register', 'https://frontend.example/verify-user/', { user_id: 4 }, 1796216860),
    },
    subject: 'Please verify your account',
    text: 'Please verify your account by clicking on this link:\n\nhttps://frontend.example/verify-user/?user_id=4&timestamp=1796216860&signature=R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM\n',
  },
  {
    flow: 'reset-password' as const,
    context: {
      user: { id: 3 },
      email: 'carol@example.com',
      verificationUrl: link('reset-password', 'https://frontend.example/reset-password/', { user_id: 3 }, 1796216887),
    },
    subject: 'Reset password link was sent',
    text: 'You can reset your password by clicking on this link:\n\nhttps://frontend.example/reset-password/?user_id=3&timestamp=1796216887&signature=ARBXf3NzjeugdoZmq2pf9FGGtdupfKJXrDKNZMaBD3o\n',
  },
  {
    flow: 'register-email' as const,
    context: {
      user: { id: 1 },
      email: 'alice.new@example.com',
      verificationUrl: link(
        'register-email',
        'https://frontend.example/verify-email/',
        { user_id: 1, email: 'alice.new@example.com' },
        1796216906,
      ),
    },
    subject: 'Please verify new e-mail',
    text: '\nYou can verify the email alice.new@example.com by clicking on this link:\n\nhttps://frontend.example/verify-email/?user_id=1&email=alice.new%40example.com&timestamp=1796216906&signature=ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA\n\n',
  },
];

describe("mail: upstream's messages through nodemailer to a real SMTP server", () => {
  let smtp: TestSmtpServer;
  let mailer: NodemailerRegistrationMailer;
  before(async () => {
    smtp = await startSmtpServer();
    mailer = new NodemailerRegistrationMailer(smtp.url);
  });
  after(async () => {
    mailer.close();
    await smtp.close();
  });

  it('is a RegistrationMailer', () => assert.ok(mailer instanceof RegistrationMailer));

  for (const expected of UPSTREAM) {
    it(`${expected.flow}: subject, recipients, From, Reply-To, text and link as upstream`, async () => {
      const message = await composeVerificationMail(expected.flow, expected.context, from);
      assert.deepEqual(message, {
        to: expected.context.email,
        from: 'no-reply@example.com',
        replyTo: 'no-reply@example.com',
        subject: expected.subject,
        text: expected.text,
      });
      await mailer.send(message);
      const { parsed, envelope } = await smtp.nextMessage();
      assert.equal(parsed.subject, expected.subject);
      assert.deepEqual(envelope, { from: 'no-reply@example.com', to: [expected.context.email] });
      assert.equal(parsed.from?.text, 'no-reply@example.com');
      assert.equal(!Array.isArray(parsed.to) && parsed.to?.text, expected.context.email);
      assert.equal(parsed.replyTo?.text, 'no-reply@example.com');
      assert.equal(parsed.text, expected.text);
      assert.equal(parsed.html, false);
      assert.ok(parsed.text?.includes(expected.context.verificationUrl));
    });
  }

  it('register-email to a used address: the already-used notice, no link; Reply-To from the setting', async () => {
    const context = {
      user: { id: 1 },
      email: 'taken@example.com',
      verificationUrl: 'https://x/?signature=s',
      emailAlreadyUsed: true,
    };
    await mailer.send(
      await composeVerificationMail('register-email', context, { ...from, replyTo: 'help@example.com' }),
    );
    const { parsed } = await smtp.nextMessage();
    assert.equal(parsed.subject, 'Your e-mail is already in use');
    assert.equal(
      parsed.text,
      "\nYou or someone else requested change to this e-mail for which there is an existing account.\nYou need to either remove this account assigned to this e-mail or change the e-mail of it.\n\nIf this wasn't you, please just ignore this email.\n\n",
    );
    assert.equal(parsed.replyTo?.text, 'help@example.com');
  });

  it('escapes the address in the register-email text as Django does, not the link', async () => {
    const context = { user: {}, email: "o'neil&co@example.com", verificationUrl: 'https://x/?a=1&b=2' };
    const message = await composeVerificationMail('register-email', context, from);
    assert.equal(
      message.text,
      '\nYou can verify the email o&#x27;neil&amp;co@example.com by clicking on this link:\n\nhttps://x/?a=1&b=2\n\n',
    );
  });

  it("replaces one flow's template (with HTML) and translates the others through the formatter", async () => {
    const german: MailMessageFormatter = (key, params) =>
      key === 'registerVerificationSubject' ? 'Bitte bestätigen Sie Ihr Konto' : `${key}: ${params.verification_url}`;
    const templates = {
      resetPassword: ({ verificationUrl }: { verificationUrl?: string }) => ({
        subject: '  New password  ',
        text: `Go to ${verificationUrl}`,
        html: `<p><a href="${verificationUrl}">Reset</a></p>`,
      }),
    };
    const url = 'https://frontend.example/reset-password/?user_id=3&timestamp=1&signature=abc';
    await mailer.send(
      await composeVerificationMail(
        'reset-password',
        { user: {}, email: 'carol@example.com', verificationUrl: url },
        { ...from, templates },
      ),
    );
    const reset = await smtp.nextMessage();
    assert.equal(reset.parsed.subject, 'New password');
    assert.equal(reset.parsed.text, `Go to ${url}`);
    assert.equal(reset.parsed.html, `<p><a href="${url}">Reset</a></p>`);
    const register = await composeVerificationMail(
      'register',
      { user: {}, email: 'd@example.com', verificationUrl: 'https://v/' },
      { ...from, templates, format: german },
    );
    assert.equal(register.subject, 'Bitte bestätigen Sie Ihr Konto');
    assert.equal(register.text, 'registerVerificationText: https://v/');
  });
});

describe('mail: a transport that refuses', () => {
  for (const mode of ['refuse-rcpt', 'refuse-data'] as const) {
    it(`${mode}: MailDeliveryFailed with the reply code, and no address, link or signature in it`, async () => {
      const smtp = await startSmtpServer(mode);
      const mailer = new NodemailerRegistrationMailer({ host: '127.0.0.1', port: smtp.port, auth: undefined });
      try {
        const message = await composeVerificationMail('register', UPSTREAM[0].context, from);
        const error = await mailer.send(message).then(
          () => assert.fail('sent'),
          (failure: unknown) => failure,
        );
        assert.ok(error instanceof MailDeliveryFailed, String(error));
        assert.equal(error.details.responseCode, mode === 'refuse-rcpt' ? 550 : 554);
        assert.equal(error.details.command, mode === 'refuse-rcpt' ? 'RCPT TO' : 'DATA');
        assert.equal(error.cause, undefined);
        assertNoSecrets(
          asText(error),
          ['R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM', 'dave@example.com', 'verify-user'],
          'the error',
        );
        assert.equal(smtp.received.length, 0);
      } finally {
        mailer.close();
        await smtp.close();
      }
    });
  }

  it('no server at all: MailDeliveryFailed (connection refused)', async () => {
    const smtp = await startSmtpServer();
    await smtp.close();
    const mailer = new NodemailerRegistrationMailer({
      ...{ host: '127.0.0.1', port: smtp.port },
      connectionTimeout: 2000,
    });
    try {
      const error = await mailer
        .send({ to: 'a@example.com', from: 'b@example.com', subject: 's', text: 'https://link/?signature=zzz' })
        .then(
          () => assert.fail('sent'),
          (failure: unknown) => failure,
        );
      assert.ok(error instanceof MailDeliveryFailed);
      assert.equal(error.details.code, 'ESOCKET');
      assertNoSecrets(asText(error), ['signature=zzz', 'a@example.com'], 'the error');
    } finally {
      mailer.close();
    }
  });
});
