import { CharField, failsWith } from '../login/serializer-fields.js';
import { isValidEmail } from '../register/email-validator.js';
import { IntegerField } from '../verification/integer-field.js';

/** The default send-reset-password-link body: `{"login": "..."}` (trimmed, as DRF's `CharField`). */
export class DefaultSendResetPasswordLinkSerializer {
  @CharField()
  login: string;
}

/** The body with `sendResetPasswordLinkSerializerUseEmail`: `{"email": "..."}`, an e-mail address. */
export class SendResetPasswordLinkEmailSerializer {
  @CharField()
  @failsWith('fieldInvalidEmail', (value) => typeof value === 'string' && value !== '' && !isValidEmail(value))
  email: string;
}

/**
 * The reset-password body: the signed `user_id`, `timestamp`, `signature`, then `password`, all
 * required, in upstream's field order (declared here, not inherited: errors follow declaration order).
 * The password is taken exactly as sent (never trimmed).
 */
export class ResetPasswordSerializer {
  @CharField()
  user_id: string;

  @IntegerField()
  timestamp: string;

  @CharField()
  signature: string;

  @CharField({ trim: false })
  password: string;
}

/** With `resetPasswordSerializerPasswordConfirm`: `password_confirm` is required too, last. */
export class ResetPasswordConfirmSerializer {
  @CharField()
  user_id: string;

  @IntegerField()
  timestamp: string;

  @CharField()
  signature: string;

  @CharField({ trim: false })
  password: string;

  @CharField({ trim: false })
  password_confirm: string;
}
