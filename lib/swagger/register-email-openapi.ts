import { ALLOW, answer, detail, json, ref, RETRY_AFTER, type Schema } from './openapi-parts.js';

const fieldErrors = ref('RegistrationFieldErrors');

/** Schemas of register-email and verify-email (`components.schemas`). */
export const REGISTER_EMAIL_SCHEMAS: Record<string, Schema> = {
  RegistrationRegisterEmailRequest: {
    type: 'object',
    required: ['email'],
    properties: { email: { type: 'string', format: 'email', example: 'alice.new@example.com' } },
    description: '`DefaultRegisterEmailSerializer`, or `registerEmailSerializerClass`.',
  },
  RegistrationVerifyEmailRequest: {
    type: 'object',
    required: ['user_id', 'email', 'timestamp', 'signature'],
    properties: {
      user_id: { type: 'string', example: '1' },
      email: { type: 'string', format: 'email', example: 'alice.new@example.com' },
      timestamp: { type: 'integer', example: 1796216906 },
      signature: { type: 'string', example: 'ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA' },
    },
  },
};

const WWW_AUTHENTICATE = {
  'WWW-Authenticate': { description: 'The scheme to authenticate with.', schema: { type: 'string', example: 'Token' } },
};

function common(): Record<string, unknown> {
  return {
    405: answer('Another method than POST.', detail, ALLOW),
    413: answer('Body larger than the body parser allows.', detail),
    415: answer('A body of another media type than JSON or form-urlencoded.', detail),
    503: answer('The database cannot be reached; retrying later is safe.', detail),
  };
}

/** The register-email routes' operations, by route path under the prefix, with their method. */
export function registerEmailOperations(
  tag: string,
  throttled: boolean,
  security: Schema[],
): Record<string, { method: string; operation: Schema }> {
  const body = (name: string) => ({
    required: true,
    content: { ...json(ref(name)), 'application/x-www-form-urlencoded': { schema: ref(name) } },
  });
  const tooMany = (who: string) =>
    throttled ? { 429: answer(`Too many requests ${who} (\`registrationThrottle\`).`, detail, RETRY_AFTER) } : {};
  return {
    'register-email': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationRegisterEmail',
        summary: "Change the user's e-mail address",
        description:
          'With `registerEmailVerificationEnabled` (default), a signed link goes to the new address (or, when a unique e-mail column holds it already, a notice that it is in use) and the stored address stays until verify-email; the answer is the same either way. Off: the address changes at once.',
        security,
        requestBody: body('RegistrationRegisterEmailRequest'),
        responses: {
          200: answer('`Register email link email sent` (verification on or off).', detail),
          400: answer('Field errors, or `This email is already registered.` (verification off, unique column).', {
            oneOf: [detail, fieldErrors],
          }),
          401: answer('Not authenticated, or an invalid token.', detail, WWW_AUTHENTICATE),
          403: answer('CSRF failure (session authentication without a valid `X-CSRFToken`).', detail),
          ...common(),
          ...tooMany('by this user'),
        },
      },
    },
    'verify-email': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationVerifyEmail',
        summary: 'Store the new e-mail address with the e-mailed link',
        security: [],
        requestBody: body('RegistrationVerifyEmailRequest'),
        responses: {
          200: answer('`Email verified successfully`.', detail),
          400: answer(
            'Field errors, `Invalid signature`, `Signature expired`, `This email is already registered.` or `User not found`.',
            { oneOf: [detail, fieldErrors] },
          ),
          404: answer('The flow is off (`registerEmailVerificationEnabled` false).', detail),
          ...common(),
          ...tooMany('from this address'),
        },
      },
    },
    'verification-redirects/verify-email': {
      method: 'get',
      operation: {
        tags: [tag],
        operationId: 'registrationVerifyEmailRedirect',
        summary: 'Store the new e-mail address from the link itself, then redirect',
        security: [],
        parameters: ['user_id', 'email', 'timestamp', 'signature'].map((name) => ({
          name,
          in: 'query',
          required: true,
          schema: { type: name === 'timestamp' ? 'integer' : 'string' },
        })),
        responses: {
          302: {
            description: 'To `verificationRedirects.verifyEmailSuccessUrl`, or the failure URL on any 400 answer.',
            headers: { Location: { schema: { type: 'string' } } },
          },
          404: answer('`verificationRedirects` has no verify-email URLs, or the flow is off.', detail),
          ...tooMany('from this address'),
          503: answer('The database cannot be reached.', detail),
        },
      },
    },
  };
}
