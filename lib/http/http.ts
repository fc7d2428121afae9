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

/** Adds a `Set-Cookie` header, keeping the ones already set (session and CSRF cookies). */
export function appendSetCookie(response: unknown, cookie: string): void {
  const res = response as {
    append?: (name: string, value: string) => void;
    header?: (name: string, value: string) => void;
    getHeader?: (name: string) => unknown;
    setHeader?: (name: string, value: string[]) => void;
  };
  if (typeof res.append === 'function') return res.append('Set-Cookie', cookie); // Express
  if (typeof res.header === 'function') return void res.header('set-cookie', cookie); // Fastify accumulates set-cookie
  const current = res.getHeader?.('set-cookie');
  res.setHeader?.('Set-Cookie', [...([] as string[]).concat((current as string[] | undefined) ?? []), cookie]);
}

/** Ends an answer without a body: Fastify's reply (`code`, `send`) or a Node/Express response. */
export function sendEmpty(response: unknown, status: number): void {
  const reply = response as { code?: (status: number) => { send(): unknown } };
  if (typeof reply.code === 'function') return void reply.code(status).send();
  const res = response as { statusCode: number; end(): void };
  res.statusCode = status;
  res.end();
}
