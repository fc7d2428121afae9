import { Inject, Injectable } from '@nestjs/common';
import { type FieldErrors, ValidationFailed } from '../errors/exceptions.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import type { MessageParams, RegistrationMessageKey } from '../messages/default-messages.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { validatePassword } from '../passwords/password-validator.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';

/** One message of a field, by key. */
interface FieldMessage {
  key: RegistrationMessageKey;
  params?: MessageParams;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * DRF's `CharField.run_validation` for a password: missing, null, the type, blank, then its null and
 * surrogate character validators. Numbers become strings; nothing is trimmed (we differ: upstream trims).
 */
export function readPasswordField(body: Readonly<Record<string, unknown>>, name: string): string | FieldMessage[] {
  const raw = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  if (raw === undefined) return [{ key: 'fieldRequired' }];
  if (raw === null) return [{ key: 'fieldNull' }];
  if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isFinite(raw)))
    return [{ key: 'fieldNotAString' }];
  const value = String(raw);
  if (value === '') return [{ key: 'fieldBlank' }];
  const messages: FieldMessage[] = [];
  if (value.includes('\0')) messages.push({ key: 'fieldNullCharacters' });
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate)
    messages.push({
      key: 'fieldSurrogateCharacters',
      params: { code_point: `U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}` },
    });
  return messages.length > 0 ? messages : value;
}

/** Has no fields: validating with it gives the module's answer to a body that is not an object. */
class NoFields {}

/**
 * Reads a change-password body as upstream's `ChangePasswordSerializer` does: each field's own checks,
 * then `old_password` against the stored hash (one hasher run, right or wrong) and the password
 * validators with the user, all fields together in field order; the confirmation only once every
 * field is valid, without upstream's `non_field_errors` of register. Answers `ValidationFailed` (400).
 */
@Injectable()
export class ChangePasswordInput {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
  ) {}

  /** The new password, as sent. */
  async read(body: unknown, user: object, request: unknown): Promise<string> {
    await validateSerializer(NoFields, body, this.messages, request);
    const data = (body ?? {}) as Record<string, unknown>;
    const text = (message: FieldMessage) => this.messages.format(message.key, message.params, request);
    const errors: FieldErrors = {};

    const old = readPasswordField(data, 'old_password');
    if (typeof old !== 'string') errors.old_password = old.map(text);
    else if (!(await this.users.checkPassword(user, old)).matches)
      errors.old_password = [text({ key: 'oldPasswordIncorrect' })];

    const password = readPasswordField(data, 'password');
    if (typeof password !== 'string') errors.password = password.map(text);
    else {
      const problems = await validatePassword(this.configuration.passwordValidators, password, user, (key, params) =>
        this.messages.format(key, params, request),
      );
      if (problems.length > 0) errors.password = problems;
    }

    const confirmed = this.configuration.changePasswordSerializerPasswordConfirm;
    const confirm = confirmed ? readPasswordField(data, 'password_confirm') : undefined;
    if (Array.isArray(confirm)) errors.password_confirm = confirm.map(text);

    if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
    if (confirmed && confirm !== password)
      throw new ValidationFailed({ password_confirm: [text({ key: 'passwordsDoNotMatch' })] });
    return password as string;
  }
}
