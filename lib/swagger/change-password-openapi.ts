import { ALLOW, answer, detail, json, ref, RETRY_AFTER, type Schema } from './openapi-parts.js';

/** Schemas of change-password (`components.schemas`). */
export const CHANGE_PASSWORD_SCHEMAS: Record<string, Schema> = {
  RegistrationChangePasswordRequest: {
    type: 'object',
    required: ['old_password', 'password', 'password_confirm'],
    properties: {
      old_password: { type: 'string', format: 'password', description: 'The current password.' },
      password: { type: 'string', format: 'password', description: 'Not trimmed; checked by `passwordValidators`.' },
      password_confirm: {
        type: 'string',
        format: 'password',
        description: 'While `changePasswordSerializerPasswordConfirm` (default true).',
      },
    },
  },
  RegistrationChangePasswordResponse: {
    type: 'object',
    required: ['detail'],
    properties: { detail: { type: 'string', example: 'Password changed successfully' } },
  },
};

/** The change-password operation, by route, as `addRegistrationToDocument` adds it. */
export function changePasswordOperations(
  tag: string,
  throttled: boolean,
  security: Array<Record<string, string[]>>,
): Record<string, { method: 'post'; operation: Record<string, unknown> }> {
  const name = 'RegistrationChangePasswordRequest';
  return {
    'change-password': {
      method: 'post',
      operation: {
        tags: [tag],
        operationId: 'registrationChangePassword',
        summary: 'Change the password',
        description:
          'Checks `old_password`, stores the new password, ends every other token and session of the user and keeps the credential of this request working.',
        security,
        requestBody: {
          required: true,
          content: { ...json(ref(name)), 'application/x-www-form-urlencoded': { schema: ref(name) } },
        },
        responses: {
          200: answer('Password changed.', ref('RegistrationChangePasswordResponse')),
          400: answer('Invalid fields, a wrong old password, or malformed JSON.', {
            oneOf: [detail, ref('RegistrationFieldErrors')],
          }),
          401: answer('Not authenticated, or an invalid token.', detail, {
            'WWW-Authenticate': { description: 'The expected scheme.', schema: { type: 'string', example: 'Token' } },
          }),
          403: answer('CSRF failure (a session request without a valid `X-CSRFToken`).', detail),
          405: answer('Another method than POST.', detail, ALLOW),
          413: answer('Body larger than the body parser allows.', detail),
          415: answer('A body of another media type than JSON or form-urlencoded.', detail),
          ...(throttled
            ? {
                429: answer(
                  'Too many requests of this user (`registrationThrottle.changePassword`).',
                  detail,
                  RETRY_AFTER,
                ),
              }
            : {}),
          503: answer('The database cannot be reached; retrying later is safe.', detail),
        },
      },
    },
  };
}
