import { Injectable } from '@nestjs/common';
import { type RegistrationMailMessage, RegistrationMailer } from 'nestjs-rest-registration';

/** Prints each verification or reset e-mail instead of sending it, with the curl command that follows the link. */
@Injectable()
export class ConsoleMailer extends RegistrationMailer {
  send(message: RegistrationMailMessage): Promise<void> {
    const link = /https?:\/\/\S+/.exec(message.text)?.[0] ?? '';
    const query = new URL(link || 'http://x/').searchParams;
    const fields = {
      user_id: query.get('user_id'),
      timestamp: query.get('timestamp'),
      signature: query.get('signature'),
    };
    const reset = new URL(link || 'http://x/').pathname.startsWith('/reset-password');
    const data = JSON.stringify(reset ? { ...fields, password: 'Ny5$new-pass-1' } : fields);
    const api = `${new URL(link || 'http://x/').origin}/accounts/${reset ? 'reset-password' : 'verify-registration'}`;
    console.log(`
E-mail to ${message.to}: "${message.subject}"
  Link: ${link}
  ${reset ? 'Reset with it' : 'Verify it'}: curl -s -X POST ${api} -H 'Content-Type: application/json' -d '${data}'
`);
    return Promise.resolve();
  }
}
