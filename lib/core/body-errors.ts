import type { HttpAdapterHost } from '@nestjs/core';
import { ParseError, RegistrationHttpException } from '../errors/exceptions.js';

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

/**
 * Body-parser errors happen before any route runs. On the module's own routes they are turned into
 * `{"detail": ...}` HTTP exceptions and handed on, so the host's exception filters still see them;
 * every other route keeps the host's behaviour.
 */
export function installBodyErrorMapping(adapterHost: HttpAdapterHost, routeSuffixes: string[]): void {
  const adapter = adapterHost.httpAdapter;
  if (!adapter || adapter.getType() !== 'express') return;
  const app = adapter.getInstance<{ use(handler: Function): void }>();
  app.use((error: unknown, request: { path: string }, _response: unknown, next: (error?: unknown) => void) => {
    if (!isBodyParserError(error)) return next(error);
    const path = request.path.replace(/\/+$/, '');
    if (!routeSuffixes.some((suffix) => path.endsWith(suffix))) return next(error);
    next(toHttpException(error));
  });
}

/** Paths of the module's routes, relative to any global prefix. */
export function moduleRouteSuffixes(urlPrefix: string): string[] {
  const prefix = urlPrefix.replace(/^\/+|\/+$/g, '');
  return ['login', 'logout'].map((route) => `/${prefix ? `${prefix}/` : ''}${route}`);
}
