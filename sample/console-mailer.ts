import { Injectable } from '@nestjs/common';
import { type RegistrationMailMessage, RegistrationMailer } from 'nestjs-rest-registration';

/** Prints each verification e-mail instead of sending it, with the curl command that follows the link. */
@Injectable()
export class ConsoleMailer extends RegistrationMailer {
  send(message: RegistrationMailMessage): Promise<void> {
    const link = /https?:\/\/\S+/.exec(message.text)?.[0] ?? '';
    const query = new URL(link || 'http://x/').searchParams;
    const data = JSON.stringify({
      user_id: query.get('user_id'),
      timestamp: query.get('timestamp'),
      signature: query.get('signature'),
    });
    const api = `${new URL(link || 'http://x/').origin}/accounts/verify-registration`;
    console.log(`
E-mail to ${message.to}: "${message.subject}"
  Link: ${link}
  Verify it: curl -s -X POST ${api} -H 'Content-Type: application/json' -d '${data}'
`);
    return Promise.resolve();
  }
}
