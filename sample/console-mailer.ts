import { Injectable } from '@nestjs/common';
import { type RegistrationMailMessage, RegistrationMailer } from 'nestjs-rest-registration';

/** Prints each verification or reset e-mail instead of sending it, with the curl command that follows the link. */
@Injectable()
export class ConsoleMailer extends RegistrationMailer {
  send(message: RegistrationMailMessage): Promise<void> {
    const link = /https?:\/\/\S+/.exec(message.text)?.[0];
    if (!link) {
      // register-email's notice to an address another account holds: no link to follow.
      console.log(`\nE-mail to ${message.to}: "${message.subject}"\n  ${message.text.trim()}\n`);
      return Promise.resolve();
    }
    const url = new URL(link);
    const query = Object.fromEntries(url.searchParams);
    // A reset link is posted with the new password; a register-email link also signs the new address.
    const reset = url.pathname.startsWith('/reset-password');
    const route = reset ? 'reset-password' : url.searchParams.has('email') ? 'verify-email' : 'verify-registration';
    const data = JSON.stringify(reset ? { ...query, password: 'Ny5$new-pass-1' } : query);
    const api = `${url.origin}/accounts/${route}`;
    console.log(`
E-mail to ${message.to}: "${message.subject}"
  Link: ${link}
  ${reset ? 'Reset with it' : 'Verify it'}: curl -s -X POST ${api} -H 'Content-Type: application/json' -d '${data}'
`);
    return Promise.resolve();
  }
}
