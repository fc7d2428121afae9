export { EmailAlreadyRegistered } from './email-changes.js';
export { DefaultRegisterEmailSerializer, EmailField, VerifyEmailData } from './email-field.js';
export { type RegisterEmailLinkData, RegisterEmailLinks } from './register-email-links.js';
