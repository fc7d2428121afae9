import { answer, detail, json, ref, type Schema } from './openapi-parts.js';

const fieldErrors = ref('RegistrationFieldErrors');
const PROFILE_ALLOW = {
  Allow: {
    description: 'The allowed methods.',
    schema: { type: 'string', example: 'GET, POST, PUT, PATCH, HEAD, OPTIONS' },
  },
};

/** Schemas of the profile route (`components.schemas`). */
export const PROFILE_SCHEMAS: Record<string, Schema> = {
  RegistrationUserProfile: {
    type: 'object',
    description:
      "The user's public columns in declaration order (minus `userHiddenFields`, or exactly `userPublicFields`), never the password nor the active or verification column.",
    additionalProperties: true,
    example: { id: 1, username: 'alice', first_name: 'Alice', last_name: '', email: 'alice@example.com' },
  },
  RegistrationUserProfileUpdate: {
    type: 'object',
    description:
      'The writable profile fields (`userEditableFields` narrows them; or `profileSerializerClass`). The primary key, the e-mail column and hidden columns are ignored. PUT and POST need the required columns; PATCH takes any of them.',
    additionalProperties: true,
    example: { first_name: 'Alice' },
  },
};

/** The path item of `<prefix>/profile`: GET, and PUT, PATCH and POST (a full update, as PUT). */
export function profilePathItem(tag: string): Record<string, Schema> {
  const security = [{ token: [] }, { bearer: [] }, {}];
  const common = {
    401: answer('Not authenticated, or an invalid token.', detail, {
      'WWW-Authenticate': { description: 'The expected scheme.', schema: { type: 'string', example: 'Token' } },
    }),
    405: answer('DELETE or another method not listed.', detail, PROFILE_ALLOW),
    503: answer('The database cannot be reached; retrying later is safe.', detail),
  };
  const update = (method: string, summary: string): Schema => ({
    tags: [tag],
    operationId: `registrationProfile${method}`,
    summary,
    security,
    requestBody: {
      required: true,
      content: {
        ...json(ref('RegistrationUserProfileUpdate')),
        'application/x-www-form-urlencoded': { schema: ref('RegistrationUserProfileUpdate') },
      },
    },
    responses: {
      200: answer('Stored; the profile.', ref('RegistrationUserProfile'), PROFILE_ALLOW),
      400: answer('Field errors (a taken unique value, a required field missing on PUT/POST), malformed JSON.', {
        oneOf: [detail, fieldErrors],
      }),
      403: answer('CSRF failure (session authentication without a valid `X-CSRFToken`).', detail),
      413: answer('Body larger than the body parser allows.', detail),
      415: answer('A body of another media type than JSON or form-urlencoded.', detail),
      ...common,
    },
  });
  return {
    get: {
      tags: [tag],
      operationId: 'registrationProfileGet',
      summary: "The authenticated user's profile",
      security,
      responses: { 200: answer('The profile.', ref('RegistrationUserProfile'), PROFILE_ALLOW), ...common },
    },
    put: update('Put', 'Replace the profile (required fields required)'),
    patch: update('Patch', 'Change some profile fields'),
    post: update('Post', 'Replace the profile (as PUT)'),
  };
}
