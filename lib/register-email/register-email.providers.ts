import type { Provider } from '@nestjs/common';
import { EmailChanges } from './email-changes.js';
import { RegisterEmailLinks } from './register-email-links.js';
import { RegisterEmailService } from './register-email.service.js';
import { VerifyEmailService } from './verify-email.service.js';

/** The providers of register-email and verify-email. */
export const registerEmailProviders: Provider[] = [
  EmailChanges,
  RegisterEmailLinks,
  RegisterEmailService,
  VerifyEmailService,
];
