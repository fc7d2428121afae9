import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

/** A response as read off the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Starts the app's HTTP server on an ephemeral loopback port (closed by `app.close()`). */
export async function listen(app: INestApplication): Promise<number> {
  const server = app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parse(data: Buffer): RawResponse {
  const headEnd = data.indexOf('\r\n\r\n');
  const head = data
    .subarray(0, headEnd === -1 ? data.length : headEnd)
    .toString('latin1')
    .split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = headEnd === -1 ? Buffer.alloc(0) : data.subarray(headEnd + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = decodeChunked(body);
  return { status, headers, body };
}

/**
 * Sends `request` (any bytes: invalid header characters, NUL, bare CR or LF included, which Node's own
 * HTTP client refuses to send) and reads the response until the server closes the connection.
 */
export function rawRequest(port: number, request: Buffer, timeoutMs = 20_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no complete answer to ${JSON.stringify(request.subarray(0, 200).toString('latin1'))}`));
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may answer and close before it has read everything (e.g. a parser error); that is fine.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const data = Buffer.concat(chunks);
      if (data.length === 0) reject(new Error('connection closed without an answer'));
      else resolve(parse(data));
    });
    // No half-close: Node's server drops a request whose client has ended its side before the answer.
    socket.write(request);
  });
}

export interface RequestParts {
  method: string;
  path: string;
  /** Header lines, as raw bytes or text: `['Content-Type: application/json']`. */
  headers?: Array<string | Buffer>;
  body?: Buffer | string;
  /** Send the body chunked instead of with Content-Length. */
  chunked?: boolean;
}

/** Builds an HTTP/1.1 request with `Connection: close` and a correct length. */
export function buildRequest({ method, path, headers = [], body, chunked }: RequestParts): Buffer {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lines: Buffer[] = [
    Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`, 'latin1'),
  ];
  for (const header of headers)
    lines.push(Buffer.isBuffer(header) ? header : Buffer.from(header, 'utf8'), Buffer.from('\r\n'));
  if (payload !== undefined && chunked) {
    lines.push(Buffer.from('Transfer-Encoding: chunked\r\n\r\n'));
    if (payload.length) lines.push(Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n'));
    lines.push(Buffer.from('0\r\n\r\n'));
  } else {
    if (payload !== undefined) lines.push(Buffer.from(`Content-Length: ${payload.length}\r\n`));
    lines.push(Buffer.from('\r\n'));
    if (payload !== undefined) lines.push(payload);
  }
  return Buffer.concat(lines);
}
