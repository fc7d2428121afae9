import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { NodemailerRegistrationMailer, type RegistrationMailMessage } from '../lib/mail/index.js';
import { plainMessage, quotedPrintableLine } from '../lib/mail/plain-message.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const base: RegistrationMailMessage = {
  from: 'no-reply@example.com',
  to: 'dave@example.com',
  replyTo: 'help@example.com',
  subject: 'Please verify your account',
  text: 'Please verify your account by clicking on this link:\n\nhttps://frontend.example/verify-user/?user_id=4&timestamp=1796216860&signature=R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM\n',
};

/** Plain messages: short and long lines, `=`, trailing white space, dots, empty lines, CRLF. */
const PLAIN: Array<[string, RegistrationMailMessage]> = [
  ['the register template (a line over 76)', base],
  ['short lines only (7bit)', { ...base, text: 'Hello,\n\nverify here: https://v/?a=1\n' }],
  ['no Reply-To (the From address)', { ...base, replyTo: undefined, text: 'x\n' }],
  ['a line of exactly 76', { ...base, text: `${'a'.repeat(76)}\n` }],
  ['a line of 77', { ...base, text: `${'a'.repeat(77)}\n` }],
  ['escapes at the soft break', { ...base, text: `${'='.repeat(100)}\n${'a'.repeat(74)}==b` }],
  ['white space at line ends', { ...base, text: 'tail space \ntail tab\t\n  \n' }],
  ['dots at line starts', { ...base, text: '.\n..\n.hidden\n' }],
  ['CRLF line ends', { ...base, text: 'one\r\ntwo\r\n' }],
  ['no final line end', { ...base, text: 'https://x/?a=b' }],
];

/** Messages nodemailer composes (anything but plain ASCII with bare addresses). */
const COMPOSED: Array<[string, RegistrationMailMessage]> = [
  ['a non-ASCII subject', { ...base, subject: 'Bitte bestätigen Sie Ihr Konto' }],
  ['a non-ASCII text', { ...base, text: 'Grüße: https://v/\n' }],
  ['a display name', { ...base, from: 'Example <no-reply@example.com>' }],
  ['an HTML body', { ...base, html: '<p><a href="https://v/">Verify</a></p>' }],
  ['a subject longer than one header line', { ...base, subject: 'Verify '.repeat(12).trim() }],
  ['a subject with spaces around it', { ...base, subject: ' Verify ' }],
  ['an encoded word in the subject', { ...base, subject: '=?utf-8?q?x?=' }],
  ['a lone CR in the text', { ...base, text: 'a\rb' }],
  ['a control character in the text', { ...base, text: 'a\u0007b' }],
];

/** What nodemailer itself writes for `message`, parsed. */
async function composedByNodemailer(message: RegistrationMailMessage): Promise<ParsedMail> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({ ...message, replyTo: message.replyTo ?? message.from });
  return simpleParser(info.message as Buffer);
}

function sameMail(actual: ParsedMail, expected: ParsedMail): void {
  assert.equal(actual.subject, expected.subject);
  assert.equal(actual.from?.text, expected.from?.text);
  assert.equal(!Array.isArray(actual.to) && actual.to?.text, !Array.isArray(expected.to) && expected.to?.text);
  assert.equal(actual.replyTo?.text, expected.replyTo?.text);
  assert.equal(actual.text, expected.text);
  assert.equal(actual.html, expected.html);
  assert.equal(actual.headers.get('mime-version'), expected.headers.get('mime-version'));
  const type = (mail: ParsedMail) => mail.headers.get('content-type') as { value: string; params: object };
  assert.equal(type(actual).value, type(expected).value);
  if (type(expected).value === 'text/plain') assert.deepEqual(type(actual).params, type(expected).params);
  assert.match(actual.messageId ?? '', /^<[0-9a-f-]{36}@example\.com>$/);
  assert.ok(Math.abs((actual.date?.getTime() ?? 0) - Date.now()) < 60_000, 'Date is now');
}

describe('mail: plain messages pre-built for nodemailer', () => {
  for (const [name, message] of PLAIN) {
    it(`${name}: reads as what nodemailer writes; every line within 76 characters`, async () => {
      const plain = plainMessage(message);
      assert.ok(plain, 'pre-built');
      assert.deepEqual(plain.envelope, { from: message.from, to: [message.to] });
      sameMail(await simpleParser(plain.raw), await composedByNodemailer(message));
      const [head, body] = plain.raw.split('\r\n\r\n');
      for (const line of `${head}\r\n${body}`.split('\r\n')) assert.ok(line.length <= 78, line);
      for (const line of body.split('\r\n')) assert.ok(line.length <= 76, line);
      assert.ok(!/(^|[^\r])\n/.test(plain.raw) && !/\r(?!\n)/.test(plain.raw), 'CRLF only');
    });
  }

  for (const [name, message] of COMPOSED) {
    it(`${name}: left to nodemailer`, () => assert.equal(plainMessage(message), undefined));
  }

  it('quoted-printable of 2,000 random printable lines decodes to the line, within 76 characters', async () => {
    const alphabet = ' \t=abcXYZ019.-_/?&:;"\'~';
    let seed = 42;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      let line = '';
      const length = next(240);
      for (let j = 0; j < length; j++) line += alphabet[next(alphabet.length)];
      lines.push(line);
    }
    for (const line of lines) {
      const encoded = quotedPrintableLine(line);
      for (const part of encoded.split('\r\n')) {
        assert.ok(part.length <= 76, part);
        assert.ok(!/[ \t]$/.test(part), `no white space at the end: ${JSON.stringify(part)}`);
      }
    }
    const text = lines.join('\n');
    const plain = plainMessage({ ...base, text });
    assert.ok(plain);
    assert.equal((await simpleParser(plain.raw)).text, `${text}\n`); // a final line break, as nodemailer
  });
});

describe('mail: the default mailer sends both kinds through a real SMTP server', () => {
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

  // (Over SMTP nodemailer itself turns a lone CR into a line break, which its stream transport keeps.)
  const sent = [...PLAIN, ...COMPOSED].filter(([name]) => name !== 'a lone CR in the text');
  for (const [name, message] of sent) {
    it(`${name}: received as nodemailer would have written it`, async () => {
      await mailer.send(message);
      const { parsed, envelope } = await smtp.nextMessage();
      const to = message.to;
      const from = message.from.replace(/^.*<(.*)>$/, '$1');
      assert.deepEqual(envelope, { from, to: [to] });
      sameMail(parsed, await composedByNodemailer(message));
    });
  }

  it('with dkim in the transport options nodemailer composes every message (and signs it)', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const signing = new NodemailerRegistrationMailer({
      host: '127.0.0.1',
      port: smtp.port,
      dkim: {
        domainName: 'example.com',
        keySelector: 'bench',
        privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      },
    });
    try {
      await signing.send(base);
      const { parsed, raw } = await smtp.nextMessage();
      assert.match(raw, /^DKIM-Signature: /m);
      sameMail(parsed, await composedByNodemailer(base));
    } finally {
      signing.close();
    }
  });
});
