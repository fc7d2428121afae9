export { createResetPasswordControllers } from './reset-password.controller.js';
export { ResetPasswordLinks } from './reset-password-links.js';
export { ResetPasswordService } from './reset-password.service.js';
export {
  DefaultSendResetPasswordLinkSerializer,
  ResetPasswordConfirmSerializer,
  ResetPasswordSerializer,
  SendResetPasswordLinkEmailSerializer,
} from './reset-password.serializers.js';
export { SendResetPasswordLinkService } from './send-reset-password-link.service.js';
