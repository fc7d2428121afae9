import type { RegistrationMessages } from '../messages/registration-messages.js';
import { CharField } from '../login/serializer-fields.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { IntegerField } from './integer-field.js';

/**
 * The body of verify-registration (and the signed part of reset-password): `user_id` (a string; a JSON
 * number becomes one), `timestamp` (an integer), `signature`, all required, validated and reported in
 * that order with DRF's messages.
 */
export class VerifyRegistrationData {
  @CharField()
  user_id: string;

  @IntegerField()
  timestamp: string;

  @CharField()
  signature: string;
}

/** The signed fields as they are signed: `{ user_id, timestamp, signature }`. */
export interface ParsedVerificationData {
  user_id: string;
  timestamp: string;
  signature: string;
}

/**
 * Validates the `{user_id, timestamp, signature}` of a request as upstream's serializer does, and
 * throws `ValidationFailed` with the field errors in upstream's order otherwise.
 */
export async function parseVerificationData(
  body: unknown,
  messages?: RegistrationMessages,
  request?: unknown,
): Promise<ParsedVerificationData> {
  const data = await validateSerializer(VerifyRegistrationData, body, messages, request);
  return { user_id: data.user_id, timestamp: data.timestamp, signature: data.signature };
}
