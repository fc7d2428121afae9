import { HttpStatus, NotFoundException } from '@nestjs/common';
import { type HttpRequest, requestPath, setResponseHeader } from './http.js';

/**
 * The answer of a verification redirect (upstream's `contrib.verification_redirects`): runs `work`
 * and answers 302 to `successUrl`, or to `failureUrl` when `work` fails with any 400 (field errors,
 * signature, expiry, user, ...); other errors (403, 404, 503) stay errors. Without both URLs the
 * route answers as an unmapped one. Returns the empty `text/html` body.
 */
export async function answerVerificationRedirect(
  request: HttpRequest,
  response: unknown,
  successUrl: string | null | undefined,
  failureUrl: string | null | undefined,
  work: () => Promise<unknown>,
): Promise<string> {
  if (!successUrl || !failureUrl) throw new NotFoundException(`Cannot ${request.method} ${requestPath(request)}`);
  let target = successUrl;
  try {
    await work();
  } catch (error) {
    if ((error as { getStatus?: () => number })?.getStatus?.() !== HttpStatus.BAD_REQUEST) throw error;
    target = failureUrl;
  }
  setResponseHeader(response, 'Location', target);
  setResponseHeader(response, 'Content-Type', 'text/html; charset=utf-8');
  return '';
}
