import type { MessageParams, MessageTemplate } from './message-template.js';

/**
 * Texts of register and verify-registration beyond the login messages: DRF's and Django's field texts,
 * upstream's answers (`rest_registration/exceptions.py`, the views). Part of `DEFAULT_MESSAGES`.
 */
export const REGISTER_MESSAGES = {
  fieldTooLong: 'Ensure this field has no more than {max_length} characters.',
  fieldInvalidEmail: 'Enter a valid email address.',
  fieldInvalidUsername:
    'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
  fieldNullCharacters: 'Null characters are not allowed.',
  fieldSurrogateCharacters: 'Surrogate characters are not allowed: {code_point}.',
  fieldNotANumber: 'A valid number is required.',
  fieldInvalidChoice: '"{input}" is not a valid choice.',
  usernameTaken: 'A user with that username already exists.',
  fieldTaken: 'user with this {field_label} already exists.',
  passwordsDoNotMatch: "Passwords don't match",
  userWithoutEmail: 'User without email cannot be verified',
  registerMailNotSent: 'The verification e-mail could not be sent; nothing was registered. Try again later.',
  userVerified: 'User verified successfully',
} satisfies Record<string, MessageTemplate>;

/** Texts of the signed-link answers and of DRF's `IntegerField`. */
export const VERIFICATION_MESSAGES = {
  signatureInvalid: 'Invalid signature',
  signatureExpired: 'Signature expired',
  fieldNotAnInteger: 'A valid integer is required.',
  fieldIntegerStringTooLong: 'String value too large.',
} as const;

/**
 * Django's texts of its four password validators (`django/contrib/auth/password_validation.py`);
 * `{verbose_name}` and `{min_length}` are Django's names.
 */
export const PASSWORD_VALIDATION_MESSAGES = {
  passwordTooSimilar: 'The password is too similar to the {verbose_name}.',
  passwordTooShort: ({ min_length }: MessageParams) =>
    `This password is too short. It must contain at least ${min_length} character${Number(min_length) === 1 ? '' : 's'}.`,
  passwordTooCommon: 'This password is too common.',
  passwordEntirelyNumeric: 'This password is entirely numeric.',
} satisfies Record<string, MessageTemplate>;

/**
 * Upstream's subjects and text bodies (`rest_registration/templates/rest_registration/*`), as Django
 * renders them: `{verification_url}` is the link, `{email}` the address (HTML-escaped, as Django's
 * template autoescaping does even in the `.txt` bodies).
 */
export const REGISTER_MAIL_MESSAGES = {
  registerVerificationSubject: 'Please verify your account',
  registerVerificationText: 'Please verify your account by clicking on this link:\n\n{verification_url}\n',
} as const;

/** Every flow's mail texts; those of the routes served so far (register) are part of `DEFAULT_MESSAGES`. */
export const MAIL_MESSAGES = {
  ...REGISTER_MAIL_MESSAGES,
  resetPasswordSubject: 'Reset password link was sent',
  resetPasswordText: 'You can reset your password by clicking on this link:\n\n{verification_url}\n',
  registerEmailSubject: 'Please verify new e-mail',
  registerEmailText: '\nYou can verify the email {email} by clicking on this link:\n\n{verification_url}\n\n',
  emailAlreadyUsedSubject: 'Your e-mail is already in use',
  emailAlreadyUsedText:
    '\nYou or someone else requested change to this e-mail for which there is an existing account.\n' +
    'You need to either remove this account assigned to this e-mail or change the e-mail of it.\n\n' +
    "If this wasn't you, please just ignore this email.\n\n",
} as const;

const MAIL_PLACEHOLDERS = ['verification_url', 'email'] as const;

/** The placeholders each of these messages is given. */
export const FLOW_MESSAGE_PLACEHOLDERS = {
  fieldTooLong: ['max_length'],
  fieldSurrogateCharacters: ['code_point'],
  fieldInvalidChoice: ['input'],
  fieldTaken: ['field_label'],
  passwordTooSimilar: ['verbose_name'],
  passwordTooShort: ['min_length'],
  ...Object.fromEntries(Object.keys(REGISTER_MAIL_MESSAGES).map((key) => [key, MAIL_PLACEHOLDERS])),
} as Readonly<Record<string, readonly string[]>>;
