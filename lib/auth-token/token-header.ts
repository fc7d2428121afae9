import { AuthenticationFailed } from '../errors/exceptions.js';

const KEYWORDS = new Set(['token', 'bearer']);
const WHITE_SPACE = /\s/;

/**
 * The key of an `Authorization: Token <key>` or `Bearer <key>` header (keyword in any case), `null`
 * when there is no such header, and `AuthenticationFailed` for a malformed one (DRF's messages).
 */
export function parseTokenHeader(header: string | string[] | undefined, scheme = 'Token'): string | null {
  if (typeof header !== 'string') return null;
  // The usual form, `Token <key>` or `Bearer <key>` with one space, without splitting the header.
  const space = header.indexOf(' ');
  if (space === 5 || space === 6) {
    const keyword = header.slice(0, space);
    const key = header.slice(space + 1);
    if ((keyword === 'Token' || keyword === 'Bearer') && key.length > 0 && !WHITE_SPACE.test(key)) return key;
  }
  const parts = header.trim().split(/\s+/);
  if (parts.length === 0 || !KEYWORDS.has(parts[0].toLowerCase())) return null;
  if (parts.length === 1) {
    throw new AuthenticationFailed({ key: 'invalidTokenHeaderNoCredentials' }, scheme);
  }
  if (parts.length > 2) {
    throw new AuthenticationFailed({ key: 'invalidTokenHeaderSpaces' }, scheme);
  }
  return parts[1];
}
