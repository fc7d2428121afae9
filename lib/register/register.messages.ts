import { BadRequest } from '../errors/exceptions.js';
import type { MessageRef } from '../messages/default-messages.js';

export {
  REGISTER_FIELD_MESSAGES as REGISTER_MESSAGES,
  type RegisterMessageFormatter,
  type RegisterMessageKey,
} from '../user-serializer/field-messages.js';

/** 400 `{"detail":"User without email cannot be verified"}` (register with verification on, no address). */
export class UserWithoutEmailNonverifiable extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'userWithoutEmail' }) {
    super(detail);
  }
}
