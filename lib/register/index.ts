export { isValidEmail } from '../user-serializer/email-validator.js';
export { defaultFieldText, type FieldMessage } from '../user-serializer/field-values.js';
export {
  type RegisterField,
  type RegisterFieldKind,
  registerSerializerFromMetadata,
  type RegisterSerializerOptions,
  type RegisterSerializerSpec,
} from '../user-serializer/user-fields.js';
export {
  hasVerifiableEmail,
  type RegisterErrors,
  registerValidationFailed,
  type RegisterValidationOptions,
  type RegisterValues,
  type UniqueLookup,
  validateRegisterBody,
} from './register-serializer.js';
export {
  REGISTER_MESSAGES,
  type RegisterMessageFormatter,
  type RegisterMessageKey,
  UserWithoutEmailNonverifiable,
} from './register.messages.js';
export { RegistrationLinks } from './registration-links.js';
