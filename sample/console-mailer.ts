import { Injectable } from '@nestjs/common';
import { type RegistrationMailMessage, RegistrationMailer } from 'nestjs-rest-registration';

/** Prints each verification e-mail instead of sending it, with the curl command that follows the link. */
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
    // A register-email link also signs the new address, and is posted to verify-email.
    const route = url.searchParams.has('email') ? 'verify-email' : 'verify-registration';
    const data = JSON.stringify(Object.fromEntries(url.searchParams));
    const api = `${url.origin}/accounts/${route}`;
    console.log(`
E-mail to ${message.to}: "${message.subject}"
  Link: ${link}
  Verify it: curl -s -X POST ${api} -H 'Content-Type: application/json' -d '${data}'
`);
    return Promise.resolve();
  }
}
