import type { HttpAdapterHost } from '@nestjs/core';
import { MethodNotAllowed, ParseError, RegistrationHttpException, UnsupportedMediaType } from '../errors/exceptions.js';
import { setResponseHeader } from './http.js';

interface BodyParserError {
  type?: string;
  status: number;
  message: string;
  expose?: boolean;
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

/** JSON.parse quotes the input in its message; the body may hold a password, so drop the quote. */
function describeParseError(message: string): string {
  return `JSON parse error - ${message.replace(/, ".*" is not valid JSON$/s, ' is not valid JSON')}`;
}

function toHttpException(error: BodyParserError): RegistrationHttpException {
  if (error.type === 'entity.parse.failed') return new ParseError(describeParseError(error.message));
  return new RegistrationHttpException(error.message, error.status);
}

function isModuleRoute(url: string, routeSuffixes: string[]): boolean {
  const query = url.indexOf('?');
  const path = (query === -1 ? url : url.slice(0, query)).replace(/\/+$/, '');
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
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.statusCode === 400)
    return new ParseError(`JSON parse error - ${error.message}`);
  return new RegistrationHttpException(error.message, error.statusCode);
}

/**
 * Body parsing fails before any route runs. On the module's own routes such errors are turned into
 * `{"detail": ...}` HTTP exceptions and handed on, so the host's exception filters still see them;
 * every other route keeps the host's behaviour. Express: an error middleware placed before Nest's
 * error handler. Fastify: Nest's error handler is wrapped when it is installed (after this runs), and
 * an empty JSON body counts as no body, as on Express.
 */
export function installBodyErrorMapping(adapterHost: HttpAdapterHost, routeSuffixes: string[]): void {
  const adapter = adapterHost.httpAdapter;
  if (!adapter) return;
  if (adapter.getType() === 'express') {
    const app = adapter.getInstance<{ use(handler: Function): void }>();
    // Methods without a handler of their own (SEARCH, PROPFIND, ...) reach this point unanswered: 405, not 404.
    app.use((request: { method: string; originalUrl: string }, response: unknown, next: (error?: unknown) => void) => {
      if (!isModuleRoute(request.originalUrl, routeSuffixes)) return next();
      setResponseHeader(response, 'Allow', 'POST, OPTIONS');
      next(new MethodNotAllowed(request.method));
    });
    app.use((error: unknown, request: { originalUrl: string }, _response: unknown, next: (error?: unknown) => void) => {
      if (!isBodyParserError(error) || !isModuleRoute(request.originalUrl, routeSuffixes)) return next(error);
      next(toHttpException(error));
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
      return handler(mapped ?? error, request, reply);
    }, prefix)) as typeof adapter.setErrorHandler;
}

/** Paths of the module's routes, relative to any global prefix. */
export function moduleRouteSuffixes(urlPrefix: string): string[] {
  const prefix = urlPrefix.replace(/^\/+|\/+$/g, '');
  return ['login', 'logout'].map((route) => `/${prefix ? `${prefix}/` : ''}${route}`);
}
