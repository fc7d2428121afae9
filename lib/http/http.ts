import type { ExecutionContext } from '@nestjs/common';

/** Minimal view of an Express or Fastify request. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  ip?: string;
  user?: unknown;
}

export function getHttpRequest(context: ExecutionContext): HttpRequest {
  return context.switchToHttp().getRequest<HttpRequest>();
}

/** Sets a response header on Express (`setHeader`) or Fastify (`header`) responses. */
export function setResponseHeader(response: unknown, name: string, value: string): void {
  const res = response as { setHeader?: (n: string, v: string) => void; header?: (n: string, v: string) => void };
  if (typeof res.setHeader === 'function') res.setHeader(name, value);
  else if (typeof res.header === 'function') res.header(name, value);
}

/** A URL's path without the query string. */
export function urlPath(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The request path without the query string. */
export function requestPath(request: HttpRequest): string {
  return urlPath(request.url ?? '');
}

/** Adds `field` to the response's `Vary` header (Express or Fastify), keeping what is there. */
export function appendVary(response: unknown, field: string): void {
  const res = response as { getHeader?: (name: string) => unknown };
  const current = typeof res.getHeader === 'function' ? res.getHeader('vary') : undefined;
  const text = Array.isArray(current) ? current.join(', ') : typeof current === 'string' ? current : '';
  const fields = text.split(',').map((part) => part.trim().toLowerCase());
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return;
  setResponseHeader(response, 'Vary', text.trim() ? `${text}, ${field}` : field);
}
