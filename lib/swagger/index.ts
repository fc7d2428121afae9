/**
 * `nestjs-rest-registration/swagger`: OpenAPI description of the module's routes for `@nestjs/swagger`.
 * A separate entry point, so the package root never loads anything of `@nestjs/swagger`.
 */
export {
  addRegistrationToDocument,
  BEARER_SECURITY_SCHEME,
  TOKEN_SECURITY_SCHEME,
  type RegistrationDocumentOptions,
} from './registration-openapi.js';
