import { randomUUID } from 'node:crypto';
import type { RegistrationMailMessage } from './registration-mailer.js';

/** A message as nodemailer sends it pre-built: the SMTP envelope and the whole RFC 5322 text. */
export interface PlainMessage {
  envelope: { from: string; to: string[] };
  raw: string;
}

/** A bare address (`local@domain`) in plain ASCII: no display name, quotes, spaces, brackets or commas. */
const BARE_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
/** Printable ASCII and spaces; `=?` would read as an RFC 2047 encoded word. */
const PLAIN_HEADER_TEXT = /^(?!.*=\?)[\x20-\x7e]*$/;
/** Printable ASCII, tabs and line feeds (CRLF is allowed and normalised). */
const PLAIN_BODY = /^[\x20-\x7e\t\r\n]*$/;
/** The longest header line kept unfolded (RFC 5322's 78 characters). */
const HEADER_LINE = 78;
/** The longest body line sent as 7bit; longer ones are quoted-printable (RFC 2045's 76). */
const BODY_LINE = 76;

/**
 * The message as one pre-built text when it is plain (bare ASCII addresses, an ASCII subject that fits
 * one header line without white space at either end, an ASCII text body, no HTML), else `undefined` and nodemailer composes it. What
 * nodemailer would write for such a message: the same headers (From, To, Reply-To, Subject, Message-ID
 * on the sender's domain, Date, MIME-Version, Content-Type text/plain UTF-8) and the body as 7bit, or
 * quoted-printable where a line is longer than 76 characters or ends in white space. Building it here
 * skips nodemailer's MIME tree and its streams, about half of what a message costs the event loop.
 */
export function plainMessage(message: RegistrationMailMessage): PlainMessage | undefined {
  const replyTo = message.replyTo ?? message.from;
  if (message.html !== undefined) return undefined;
  if (!BARE_ADDRESS.test(message.from) || !BARE_ADDRESS.test(message.to) || !BARE_ADDRESS.test(replyTo))
    return undefined;
  const subject = message.subject;
  if (subject === '' || subject !== subject.trim() || !PLAIN_HEADER_TEXT.test(subject)) return undefined;
  if ('Subject: '.length + subject.length > HEADER_LINE) return undefined;
  if (!PLAIN_BODY.test(message.text)) return undefined;
  const lines = message.text.replace(/\r\n/g, '\n').split('\n');
  if (lines.some((line) => line.includes('\r'))) return undefined;
  const sevenBit = lines.every((line) => line.length <= BODY_LINE && !/[ \t]$/.test(line));
  const domain = message.from.slice(message.from.lastIndexOf('@') + 1);
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to}`,
    `Reply-To: ${replyTo}`,
    `Subject: ${subject}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    `Content-Transfer-Encoding: ${sevenBit ? '7bit' : 'quoted-printable'}`,
    `Date: ${new Date().toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  // As nodemailer: the body ends with a line break.
  if (lines[lines.length - 1] !== '') lines.push('');
  const body = sevenBit ? lines : lines.map(quotedPrintableLine);
  return {
    envelope: { from: message.from, to: [message.to] },
    raw: `${headers.join('\r\n')}\r\n\r\n${body.join('\r\n')}`,
  };
}

/** One line of printable ASCII as quoted-printable: `=` escaped, white space at the end escaped, soft breaks at 76. */
export function quotedPrintableLine(line: string): string {
  const tokens: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    const last = i === line.length - 1;
    if (char === '=') tokens.push('=3D');
    else if (last && char === ' ') tokens.push('=20');
    else if (last && char === '\t') tokens.push('=09');
    else tokens.push(char);
  }
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    // The last token may fill the line to 76; any other must leave room for the soft break's "=".
    const limit = i === tokens.length - 1 ? BODY_LINE : BODY_LINE - 1;
    if (current.length + token.length > limit) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join('\r\n');
}
