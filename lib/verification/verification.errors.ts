import { BadRequest } from '../errors/exceptions.js';

/**
 * Texts of the signed-link answers (upstream's `rest_registration/exceptions.py`), keyed for the
 * `messages` setting once the routes are wired.
 */
export const VERIFICATION_MESSAGES = {
  signatureInvalid: 'Invalid signature',
  signatureExpired: 'Signature expired',
  fieldNotAnInteger: 'A valid integer is required.',
  fieldIntegerStringTooLong: 'String value too large.',
} as const;

/** 400 `{"detail":"Invalid signature"}`: the signature does not match the data (or another flow's salt). */
export class SignatureInvalid extends BadRequest {
  constructor(detail: string = VERIFICATION_MESSAGES.signatureInvalid) {
    super(detail);
  }
}

/** 400 `{"detail":"Signature expired"}`: correctly signed, but older than the flow's period. */
export class SignatureExpired extends BadRequest {
  constructor(detail: string = VERIFICATION_MESSAGES.signatureExpired) {
    super(detail);
  }
}
