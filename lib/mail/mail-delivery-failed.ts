/** What is kept of a transport's error: no addresses, no message text, no credentials. */
export interface MailFailureDetails {
  /** Nodemailer's error code, e.g. `EENVELOPE`, `EMESSAGE`, `ECONNECTION`, `EAUTH`. */
  code?: string;
  /** The SMTP reply code, e.g. 550. */
  responseCode?: number;
  /** The SMTP command that was refused, e.g. `RCPT TO`, `DATA`. */
  command?: string;
}

function pick(error: unknown): MailFailureDetails {
  if (error === null || typeof error !== 'object') return {};
  const { code, responseCode, command } = error as Record<string, unknown>;
  const details: MailFailureDetails = {};
  if (typeof code === 'string') details.code = code;
  if (typeof responseCode === 'number') details.responseCode = responseCode;
  if (typeof command === 'string') details.command = command.split(' ').slice(0, 2).join(' ').replace(/:.*/, '');
  return details;
}

/**
 * The mail transport did not accept a message. Carries only the transport's error code, reply code and
 * command, never the message, its link or the transport's credentials (the original error is not
 * attached, since transports put addresses and server replies in it), so it can be logged as it is.
 */
export class MailDeliveryFailed extends Error {
  override readonly name = 'MailDeliveryFailed';
  readonly details: MailFailureDetails;

  constructor(error?: unknown) {
    const details = pick(error);
    const parts = [details.code, details.command, details.responseCode].filter((part) => part !== undefined);
    super(`The mail transport did not accept the message${parts.length ? ` (${parts.join(', ')})` : ''}`);
    this.details = details;
  }
}
