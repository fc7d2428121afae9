import { ALLOW, answer, detail, json, ref, RETRY_AFTER, type Schema } from './openapi-parts.js';

const fieldErrors = ref('RegistrationFieldErrors');

/** Schemas of register and verify-registration (`components.schemas`). */
export const REGISTER_SCHEMAS: Record<string, Schema> = {
  RegistrationRegisterRequest: {
    type: 'object',
    description:
      "The user entity's columns (generated serializer: minus `userHiddenFields`, or exactly `userPublicFields`; the primary key is read-only), then `password_confirm`. Unknown keys are ignored.",
    required: ['password'],
    properties: {
      username: { type: 'string', example: 'dave' },
      email: { type: 'string', format: 'email', example: 'dave@example.com' },
      password: { type: 'string', format: 'password', description: 'Not trimmed; checked by `passwordValidators`.' },
      password_confirm: {
        type: 'string',
        format: 'password',
        description: 'While `registerSerializerPasswordConfirm`.',
      },
    },
    additionalProperties: true,
  },
  RegistrationProfile: {
    type: 'object',
    description: 'The new user: the generated fields without the passwords, or `registerOutputSerializerClass`.',
    additionalProperties: true,
    example: { id: 4, username: 'dave', email: 'dave@example.com' },
  },
  RegistrationVerifyRequest: {
    type: 'object',
    required: ['user_id', 'timestamp', 'signature'],
    properties: {
      user_id: { type: 'string', example: '4' },
      timestamp: { type: 'integer', example: 1796216860 },
      signature: { type: 'string', example: 'R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM' },
    },
  },
  RegistrationVerifyResponse: {
    type: 'object',
    required: ['detail'],
    properties: {
      detail: { type: 'string', example: 'User verified successfully' },
      token: { type: 'string', description: 'With `registerVerificationAutoLogin` and token retrieval on.' },
    },
  },
};

function common(throttled: boolean): Record<string, unknown> {
  return {
    404: answer('The flow is off (`registerFlowEnabled` / `registerVerificationEnabled` false).', detail),
    405: answer('Another method than POST.', detail, ALLOW),
    413: answer('Body larger than the body parser allows.', detail),
    415: answer('A body of another media type than JSON or form-urlencoded.', detail),
    ...(throttled
      ? { 429: answer('Too many requests from this address (`registrationThrottle`).', detail, RETRY_AFTER) }
      : {}),
  };
}

/** The register routes' operations, by route path under the prefix, with their method. */
export function registerOperations(
  tag: string,
  throttled: boolean,
): Record<string, { method: string; operation: Schema }> {
  const body = (name: string) => ({
    required: true,
    content: { ...json(ref(name)), 'application/x-www-form-urlencoded': { schema: ref(name) } },
  });
  return {
    register: {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationRegister',
        summary: 'Register a user',
        description: 'With verification on, the user is stored unverified and a verification e-mail is sent.',
        security: [],
        requestBody: body('RegistrationRegisterRequest'),
        responses: {
          201: answer('Registered; the profile.', ref('RegistrationProfile')),
          400: answer(
            'Field errors (per field, `non_field_errors` for the password checks), malformed JSON, or no e-mail address while verification is on.',
            { oneOf: [detail, fieldErrors] },
          ),
          ...common(throttled),
          503: answer(
            'The verification e-mail could not be sent (nothing was stored) or the database cannot be reached.',
            detail,
          ),
        },
      },
    },
    'verify-registration': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationVerifyRegistration',
        summary: 'Verify a registration with the e-mailed link',
        security: [],
        requestBody: body('RegistrationVerifyRequest'),
        responses: {
          200: answer('Verified (and logged in with auto-login).', ref('RegistrationVerifyResponse')),
          400: answer('Field errors, `Invalid signature`, `Signature expired` or `User not found`.', {
            oneOf: [detail, fieldErrors],
          }),
          403: answer('CSRF failure (auto-login with session login).', detail),
          ...common(throttled),
          503: answer('The database cannot be reached; retrying later is safe.', detail),
        },
      },
    },
    'verification-redirects/verify-registration': {
      method: 'get',
      operation: {
        tags: [tag],
        operationId: 'registrationVerifyRegistrationRedirect',
        summary: 'Verify a registration from the link itself, then redirect',
        security: [],
        parameters: ['user_id', 'timestamp', 'signature'].map((name) => ({
          name,
          in: 'query',
          required: true,
          schema: { type: name === 'timestamp' ? 'integer' : 'string' },
        })),
        responses: {
          302: {
            description:
              'To `verificationRedirects.verifyRegistrationSuccessUrl`, or the failure URL on any 400 answer.',
            headers: { Location: { schema: { type: 'string' } } },
          },
          404: answer('`verificationRedirects` is not set, or verification is off.', detail),
          ...(throttled ? { 429: answer('Too many requests from this address.', detail, RETRY_AFTER) } : {}),
          503: answer('The database cannot be reached.', detail),
        },
      },
    },
  };
}
