import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import type { RegisterSerializerOptions } from './user-fields.js';

/** What the generated register and profile serializers are made from, by the settings. */
export function userSerializerOptions(c: RegistrationConfiguration): RegisterSerializerOptions {
  return {
    hiddenFields: c.userHiddenFields,
    publicFields: c.userPublicFields,
    passwordField: c.userPasswordField,
    usernameField: c.userLoginFields[0] ?? null,
    emailField: c.userEmailField,
    verificationFlagField: c.userVerificationFlagField,
    activeField: c.userActiveField,
  };
}
