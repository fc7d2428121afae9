import type { HttpAdapterHost } from '@nestjs/core';
import { MethodNotAllowed, ParseError, RegistrationHttpException, UnsupportedMediaType } from '../errors/exceptions.js';
import { DEFAULT_REGISTRATION_MESSAGES, type RegistrationMessages } from '../messages/registration-messages.js';
import { setResponseHeader, urlPath } from './http.js';

interface BodyParserError {
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
function isBodyParserError(error: unknown): error is BodyParserError {
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
function describeParseError(message: string): string {
  return /is not valid JSON$/s.test(message) || /["']/.test(message.replace(/'[,:}\]]'/g, ''))
    ? 'Unexpected token in JSON'
    : message;
}

function toHttpException(error: BodyParserError): RegistrationHttpException {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ParseError({ key: 'parseError', params: { error: describeParseError(error.message) } });
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

function isModuleRoute(url: string, routeSuffixes: string[]): boolean {
  const path = urlPath(url).replace(/\/+$/, '');
  return routeSuffixes.some((suffix) => path.endsWith(suffix));
}

interface FastifyErrorLike {
  name: string;
  code?: string;
  statusCode?: number;
  message: string;
}

function fastifyToHttpException(error: FastifyErrorLike, contentType: unknown): RegistrationHttpException | undefined {
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

/**
 * Body parsing fails before any route runs. On the module's own routes such errors are turned into
 * `{"detail": ...}` HTTP exceptions and handed on, so the host's exception filters still see them;
 * every other route keeps the host's behaviour. Express: an error middleware placed before Nest's
 * error handler. Fastify: Nest's error handler is wrapped when it is installed (after this runs), and
 * an empty JSON body counts as no body, as on Express.
 */
export function installBodyErrorMapping(
  adapterHost: HttpAdapterHost,
  routeSuffixes: string[],
  messages: RegistrationMessages = DEFAULT_REGISTRATION_MESSAGES,
): void {
  const adapter = adapterHost.httpAdapter;
  if (!adapter) return;
  if (adapter.getType() === 'express') {
    const app = adapter.getInstance<{ use(handler: Function): void }>();
    // Methods without a handler of their own (SEARCH, PROPFIND, ...) reach this point unanswered: 405, not 404.
    app.use((request: { method: string; originalUrl: string }, response: unknown, next: (error?: unknown) => void) => {
      if (!isModuleRoute(request.originalUrl, routeSuffixes)) return next();
      setResponseHeader(response, 'Allow', 'POST, OPTIONS');
      next(messages.localizeFor(new MethodNotAllowed(request.method), request, response));
    });
    app.use((error: unknown, request: { originalUrl: string }, response: unknown, next: (error?: unknown) => void) => {
      if (!isBodyParserError(error) || !isModuleRoute(request.originalUrl, routeSuffixes)) return next(error);
      next(messages.localizeFor(toHttpException(error), request, response));
    });
    return;
  }
  if (adapter.getType() !== 'fastify') return;
  const fastify = adapter.getInstance<{ addHook(name: string, hook: Function): void }>();
  fastify.addHook(
    'onRequest',
    (request: { url: string; headers: Record<string, unknown> }, _reply: unknown, done: () => void) => {
      if (request.headers['content-length'] === '0' && isModuleRoute(request.url, routeSuffixes))
        delete request.headers['content-type'];
      done();
    },
  );
  const install = adapter.setErrorHandler.bind(adapter) as (handler: Function, prefix?: string) => unknown;
  adapter.setErrorHandler = ((handler: Function, prefix?: string) =>
    install((error: FastifyErrorLike, request: { url: string; headers: Record<string, unknown> }, reply: unknown) => {
      const mapped = isModuleRoute(request.url, routeSuffixes)
        ? fastifyToHttpException(error, request.headers['content-type'])
        : undefined;
      return handler(mapped ? messages.localizeFor(mapped, request, reply) : error, request, reply);
    }, prefix)) as typeof adapter.setErrorHandler;
}

/** Paths of the module's routes, relative to any global prefix. */
export function moduleRouteSuffixes(urlPrefix: string): string[] {
  const prefix = urlPrefix.replace(/^\/+|\/+$/g, '');
  return ['login', 'logout'].map((route) => `/${prefix ? `${prefix}/` : ''}${route}`);
}
