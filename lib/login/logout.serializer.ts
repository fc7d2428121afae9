import { BooleanField } from './serializer-fields.js';

/** The logout body: both flags optional, default false. */
export class LogoutSerializer {
  /** Revoke the token that authenticated this request. */
  @BooleanField()
  revoke_token?: boolean;

  /** Revoke every token of the user (all devices). */
  @BooleanField()
  revoke_all_tokens?: boolean;
}
