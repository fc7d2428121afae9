import { Transform } from 'class-transformer';
import { CharField, failsWith } from '../login/serializer-fields.js';
import { isValidEmail } from '../register/index.js';
import { IntegerField } from '../verification/integer-field.js';

type EmailFieldKey = 'fieldRequired' | 'fieldNull' | 'fieldBlank' | 'fieldNullCharacters' | 'fieldInvalidEmail';

/** The messages DRF's `EmailField` gives `value` (already trimmed), in its order. */
function emailFieldErrors(value: unknown): EmailFieldKey[] {
  if (value === undefined) return ['fieldRequired'];
  if (value === null) return ['fieldNull'];
  // DRF's `CharField.to_internal_value` fails with the field's "invalid" text, the e-mail one here.
  if (typeof value !== 'string') return ['fieldInvalidEmail'];
  if (value === '') return ['fieldBlank'];
  const errors: EmailFieldKey[] = [];
  if (value.includes('\0')) errors.push('fieldNullCharacters');
  if (!isValidEmail(value)) errors.push('fieldInvalidEmail');
  return errors;
}

const EMAIL_FIELD_KEYS: readonly EmailFieldKey[] = [
  'fieldRequired',
  'fieldNull',
  'fieldBlank',
  'fieldNullCharacters',
  'fieldInvalidEmail',
];

/**
 * A required e-mail address validated as Django REST framework's `EmailField`: surrounding white space
 * is stripped, numbers become strings, booleans, lists and objects are "Enter a valid email address.",
 * missing, null and blank values get DRF's messages, and the address must pass Django's `validate_email`.
 */
export function EmailField(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return typeof value === 'string' ? value.trim() : value;
  });
  const validators = EMAIL_FIELD_KEYS.map((key) => failsWith(key, (value) => emailFieldErrors(value).includes(key)));
  return (target, key) => {
    transform(target, key as string);
    for (const validate of validators) validate(target, key as string);
  };
}

/** The body of register-email (upstream's `RegisterEmailSerializer`): `email`, required. */
export class DefaultRegisterEmailSerializer {
  @EmailField()
  email: string;
}

/**
 * The body of verify-email (upstream's `VerifyEmailSerializer`): `user_id`, `email`, `timestamp`,
 * `signature`, all required, validated and reported in that order.
 */
export class VerifyEmailData {
  @CharField()
  user_id: string;

  @EmailField()
  email: string;

  @IntegerField()
  timestamp: string;

  @CharField()
  signature: string;
}
