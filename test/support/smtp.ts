import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the server treats the next messages: accept them, or refuse at RCPT TO or at the end of DATA. */
export type SmtpMode = 'accept' | 'refuse-rcpt' | 'refuse-data';

/** A message as the server received it: parsed, with the SMTP envelope. */
export interface ReceivedMail {
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
  /** The raw message as sent over the wire. */
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps what it receives. */
export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for `mailTransport`. */
  url: string;
  mode: SmtpMode;
  received: ReceivedMail[];
  /** The next message not yet taken (waits for it; rejects after `timeoutMs`). */
  nextMessage(timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts a real SMTP server (smtp-server) whose messages are parsed with mailparser. */
export async function startSmtpServer(mode: SmtpMode = 'accept'): Promise<TestSmtpServer> {
  const queue: ReceivedMail[] = [];
  const waiting: Array<(mail: ReceivedMail) => void> = [];
  const state: TestSmtpServer = {
    port: 0,
    url: '',
    mode,
    received: [],
    nextMessage(timeoutMs = 5000) {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((mail) => {
          clearTimeout(timer);
          resolve(mail);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(state.mode === 'refuse-rcpt' ? smtpError('Mailbox unavailable', 550) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.mode === 'refuse-data') return callback(smtpError('Message rejected', 554));
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((address) => address.address),
        };
        simpleParser(raw).then(
          (parsed) => {
            const mail = { parsed, envelope, raw };
            state.received.push(mail);
            const next = waiting.shift();
            if (next) next(mail);
            else queue.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  return state;
}
