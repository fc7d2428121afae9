import type { Provider } from '@nestjs/common';
import { ResetPasswordLinks } from './reset-password-links.js';
import { ResetPasswordService } from './reset-password.service.js';
import { SendResetPasswordLinkService } from './send-reset-password-link.service.js';

export { createResetPasswordControllers } from './reset-password.controller.js';

/** The reset-password feature's providers, listed by the module. */
export const RESET_PASSWORD_PROVIDERS: Provider[] = [
  ResetPasswordLinks,
  SendResetPasswordLinkService,
  ResetPasswordService,
];
