/** The salts of upstream's three signers (`rest_registration/signers/*.py`). */
export const VERIFICATION_SALTS = {
  register: 'register',
  resetPassword: 'reset-password',
  registerEmail: 'register-email',
} as const;

/** Python's `str()` of a flag value as DRR puts it in the one-time salt (`register:False`). */
function pythonString(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}

/**
 * The salt of a register link. One-time: `register:<current verification flag>`, so the link stops
 * verifying once the flag flips (`register:False` before, `register:True` after).
 */
export function registerSalt(oneTimeUse: boolean, verificationFlag?: unknown): string {
  return oneTimeUse ? `${VERIFICATION_SALTS.register}:${pythonString(verificationFlag)}` : VERIFICATION_SALTS.register;
}

/**
 * The salt of a reset-password link. One-time: `reset-password:<current password hash>`, so the link
 * stops working once the password changes.
 */
export function resetPasswordSalt(oneTimeUse: boolean, passwordHash?: string | null): string {
  return oneTimeUse
    ? `${VERIFICATION_SALTS.resetPassword}:${pythonString(passwordHash)}`
    : VERIFICATION_SALTS.resetPassword;
}

/** The salt of a register-email link (upstream has no one-time form for it). */
export function registerEmailSalt(): string {
  return VERIFICATION_SALTS.registerEmail;
}
