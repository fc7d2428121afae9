import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';

// Django's `EmailValidator` (django/core/validators.py), case-insensitive like its regexes.
const USER_DOT_ATOM = /^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$/i;
// eslint-disable-next-line no-control-regex
const USER_QUOTED = /^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$/i;
const DOMAIN = /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63})$/i;
const LITERAL = /^\[([A-F0-9:.]+)\]$/i;
const DOMAIN_ALLOWLIST = new Set(['localhost']);

function validDomainPart(domain: string): boolean {
  if (DOMAIN.test(domain) && !domain.endsWith('-')) return true;
  const literal = LITERAL.exec(domain);
  return literal !== null && isIP(literal[1]) !== 0;
}

/**
 * Whether Django's `validate_email` accepts `value`: a dot-atom or quoted local part, and a domain
 * of letters, digits and hyphens with a TLD of 2 to 63 characters (IDNs through punycode), `localhost`
 * or an IP literal. (Python's `\Z` is `$` without the multiline flag here: JavaScript's `$` does not
 * match before a final newline without the `m` flag.)
 */
export function isValidEmail(value: string): boolean {
  if (!value || !value.includes('@')) return false;
  const at = value.lastIndexOf('@');
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!USER_DOT_ATOM.test(user) && !USER_QUOTED.test(user)) return false;
  if (DOMAIN_ALLOWLIST.has(domain) || validDomainPart(domain)) return true;
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(domain) ? '' : domainToASCII(domain);
  return ascii !== '' && validDomainPart(ascii);
}
