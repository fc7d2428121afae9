import { ParseError, RegistrationHttpException, UnsupportedMediaType } from '../errors/exceptions.js';
import { urlPath } from './http.js';

export interface BodyParserError {
  type?: string;
  status: number;
  message: string;
  expose?: boolean;
  charset?: string;
  encoding?: string;
}

/**
 * body-parser's errors are http-errors with a `type` (`entity.too.large`, `charset.unsupported`, ...), or,
 * when decompression fails, the zlib error wrapped with only `expose` set.
 */
export function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    (typeof candidate?.type === 'string' || candidate?.expose === true) &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

/**
 * JSON.parse quotes the input in some messages (`Unexpected token 'P', "Pa55..." is not valid JSON`);
 * the body may hold a password, so those become a message without any of it. Messages that give a
 * position only (`... in JSON at position 12`) are kept.
 */
function parseErrorOf(message: string): ParseError {
  return /is not valid JSON$/s.test(message) || /["']/.test(message.replace(/'[,:}\]]'/g, ''))
    ? new ParseError({ key: 'parseErrorUnexpectedToken' })
    : new ParseError({ key: 'parseError', params: { error: message } });
}

export function toHttpException(error: BodyParserError): RegistrationHttpException {
  switch (error.type) {
    case 'entity.parse.failed':
      return parseErrorOf(error.message);
    case 'charset.unsupported':
      return new RegistrationHttpException(
        { key: 'unsupportedCharset', params: { charset: String(error.charset ?? '') } },
        error.status,
      );
    case 'encoding.unsupported':
      return new RegistrationHttpException(
        { key: 'unsupportedEncoding', params: { encoding: String(error.encoding ?? '') } },
        error.status,
      );
  }
  if (error.status === 413) return new RegistrationHttpException({ key: 'payloadTooLarge' }, 413);
  // Aborted uploads, a length that does not match Content-Length, a body that fails to decompress.
  return new RegistrationHttpException({ key: 'unreadableBody' }, error.status);
}

export function isModuleRoute(url: string, routeSuffixes: string[]): boolean {
  const path = urlPath(url).replace(/\/+$/, '');
  return routeSuffixes.some((suffix) => path.endsWith(suffix));
}

export interface FastifyErrorLike {
  name: string;
  code?: string;
  statusCode?: number;
  message: string;
}

export function fastifyToHttpException(
  error: FastifyErrorLike,
  contentType: unknown,
): RegistrationHttpException | undefined {
  if (error.name !== 'FastifyError' || !error.statusCode || error.statusCode >= 500) return undefined;
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new UnsupportedMediaType(typeof contentType === 'string' ? contentType : '');
  if (error.statusCode === 413) return new RegistrationHttpException({ key: 'payloadTooLarge' }, 413);
  if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    return new RegistrationHttpException({ key: 'unreadableBody' }, error.statusCode);
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.statusCode === 400)
    return new ParseError({ key: 'parseError', params: { error: error.message } });
  return new RegistrationHttpException({ key: 'unreadableBody' }, error.statusCode);
}

/** Paths of the module's routes, relative to any global prefix. */
export function moduleRouteSuffixes(urlPrefix: string, routes: readonly string[]): string[] {
  const prefix = urlPrefix.replace(/^\/+|\/+$/g, '');
  const paths = routes.flatMap((route) =>
    route === 'verify-registration' || route === 'verify-email' || route === 'reset-password'
      ? [route, `verification-redirects/${route}`]
      : [route],
  );
  return paths.map((route) => `/${prefix ? `${prefix}/` : ''}${route}`);
}
