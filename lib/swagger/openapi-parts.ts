/** Small builders of OpenAPI objects shared by the module's operations. */
export type Schema = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Schema) => ({ 'application/json': { schema } });
export const answer = (description: string, schema: Schema, headers?: Schema) => ({
  description,
  content: json(schema),
  ...(headers ? { headers } : {}),
});
export const detail = ref('RegistrationDetail');
export const ALLOW = {
  Allow: { description: 'The allowed methods.', schema: { type: 'string', example: 'POST, OPTIONS' } },
};
export const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds until a new attempt is allowed.', schema: { type: 'integer', example: 60 } },
};
