import { BadRequest } from '../errors/exceptions.js';
import type { MessageRef } from '../messages/default-messages.js';

export { VERIFICATION_MESSAGES } from '../messages/flow-messages.js';

/** 400 `{"detail":"Invalid signature"}`: the signature does not match the data (or another flow's salt). */
export class SignatureInvalid extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'signatureInvalid' }) {
    super(detail);
  }
}

/** 400 `{"detail":"Signature expired"}`: correctly signed, but older than the flow's period. */
export class SignatureExpired extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'signatureExpired' }) {
    super(detail);
  }
}
