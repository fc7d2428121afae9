export { pickleSortedPairs, sortedStringPairs } from './django-pickle.js';
export { IntegerField, parsePythonInteger } from './integer-field.js';
export { registerEmailSalt, registerSalt, resetPasswordSalt, VERIFICATION_SALTS } from './salts.js';
export {
  constantTimeEquals,
  currentTimestamp,
  djangoSignature,
  signatureOf,
  signData,
  type SignedData,
  type SigningKeys,
  type UnsignedData,
  verifySignedData,
  type VerifyOptions,
} from './signer.js';
export { type ParsedVerificationData, parseVerificationData, VerifyRegistrationData } from './verification-data.js';
export { SignatureExpired, SignatureInvalid, VERIFICATION_MESSAGES } from './verification.errors.js';
export {
  buildDefaultVerificationUrl,
  quotePlus,
  urlEncode,
  type VerificationFlow,
  type VerificationUrlBuilder,
  type VerificationUrlInput,
} from './verification-url.js';
