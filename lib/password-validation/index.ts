export { loadCommonPasswords } from './common-passwords.js';
export {
  CommonPasswordValidator,
  DEFAULT_SIMILARITY_ATTRIBUTES,
  defaultPasswordValidators,
  MinimumLengthValidator,
  NumericPasswordValidator,
  type SimilarityAttribute,
  UserAttributeSimilarityValidator,
} from './django-validators.js';
export {
  formatPasswordMessage,
  PASSWORD_VALIDATION_MESSAGES,
  type PasswordMessageFormatter,
  type PasswordProblems,
  type PasswordValidationMessage,
  type PasswordValidationMessageKey,
  type PasswordValidator,
  validatePassword,
} from './password-validator.js';
export { quickRatio } from './sequence-matcher.js';
