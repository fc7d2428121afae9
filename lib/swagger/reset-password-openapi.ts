import { ALLOW, answer, detail, json, ref, RETRY_AFTER, type Schema } from './openapi-parts.js';

const fieldErrors = ref('RegistrationFieldErrors');

/** Schemas of send-reset-password-link and reset-password (`components.schemas`). */
export const RESET_PASSWORD_SCHEMAS: Record<string, Schema> = {
  RegistrationSendResetPasswordLinkRequest: {
    type: 'object',
    description:
      '`login` (matched against `userLoginFields`), or `email` with `sendResetPasswordLinkSerializerUseEmail`, or the body of `sendResetPasswordLinkSerializerClass`.',
    properties: {
      login: { type: 'string', example: 'carol' },
      email: {
        type: 'string',
        format: 'email',
        description: 'Instead of `login`, with `sendResetPasswordLinkSerializerUseEmail`.',
      },
    },
  },
  RegistrationResetPasswordRequest: {
    type: 'object',
    required: ['user_id', 'timestamp', 'signature', 'password'],
    properties: {
      user_id: { type: 'string', example: '3' },
      timestamp: { type: 'integer', example: 1796216887 },
      signature: { type: 'string', example: 'ARBXf3NzjeugdoZmq2pf9FGGtdupfKJXrDKNZMaBD3o' },
      password: {
        type: 'string',
        format: 'password',
        description: 'Not trimmed; checked by `passwordValidators` with the user.',
      },
      password_confirm: {
        type: 'string',
        format: 'password',
        description: 'Required and compared with `resetPasswordSerializerPasswordConfirm`.',
      },
    },
  },
};

function common(throttled: boolean): Record<string, unknown> {
  return {
    404: answer('The flow is off (`resetPasswordVerificationEnabled` false).', detail),
    405: answer('Another method than POST.', detail, ALLOW),
    413: answer('Body larger than the body parser allows.', detail),
    415: answer('A body of another media type than JSON or form-urlencoded.', detail),
    ...(throttled ? { 429: answer('Too many requests (`registrationThrottle`).', detail, RETRY_AFTER) } : {}),
    503: answer('The database (or the throttle storage) cannot be reached; retrying later is safe.', detail),
  };
}

/** The reset-password routes' operations, by route path under the prefix, with their method. */
export function resetPasswordOperations(
  tag: string,
  throttled: boolean,
): Record<string, { method: string; operation: Schema }> {
  const body = (name: string) => ({
    required: true,
    content: { ...json(ref(name)), 'application/x-www-form-urlencoded': { schema: ref(name) } },
  });
  return {
    'send-reset-password-link': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationSendResetPasswordLink',
        summary: 'E-mail a reset-password link',
        description:
          'The same answer and time whether or not the user exists (default `resetPasswordFailWhenUserNotFound: false`); the e-mail is sent after the answer.',
        security: [],
        requestBody: body('RegistrationSendResetPasswordLinkRequest'),
        responses: {
          200: answer('`Reset link sent if the user exists in database` (or `Reset link sent`).', detail),
          400: answer('Field errors, or `User not found` with `resetPasswordFailWhenUserNotFound: true`.', {
            oneOf: [detail, fieldErrors],
          }),
          ...common(throttled),
        },
      },
    },
    'reset-password': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationResetPassword',
        summary: 'Set a new password with the e-mailed link',
        description: 'Ends every token and session of the user.',
        security: [],
        requestBody: body('RegistrationResetPasswordRequest'),
        responses: {
          200: answer('`Reset password successful`.', detail),
          400: answer(
            'Field errors (validator messages with `non_field_errors`), `User not found`, `Invalid signature` (also a spent link) or `Signature expired`.',
            { oneOf: [detail, fieldErrors] },
          ),
          ...common(throttled),
        },
      },
    },
    'verification-redirects/reset-password': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationResetPasswordRedirect',
        summary: 'Reset from a plain HTML form, then redirect',
        security: [],
        requestBody: {
          required: true,
          content: { 'application/x-www-form-urlencoded': { schema: ref('RegistrationResetPasswordRequest') } },
        },
        responses: {
          302: {
            description: 'To `verificationRedirects.resetPasswordSuccessUrl`, or the failure URL on any 400 answer.',
            headers: { Location: { schema: { type: 'string' } } },
          },
          403: answer('Session login on and no `csrfmiddlewaretoken` matching the session.', detail),
          404: answer('`verificationRedirects` is not set, or the flow is off.', detail),
          ...(throttled ? { 429: answer('Too many requests from this address.', detail, RETRY_AFTER) } : {}),
          503: answer('The database cannot be reached.', detail),
        },
      },
    },
  };
}
