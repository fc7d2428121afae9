import type { SignedData } from './signer.js';

/** The three flows that send signed links. */
export type VerificationFlow = 'register' | 'reset-password' | 'register-email';

/** What a verification URL is built from. */
export interface VerificationUrlInput {
  flow: VerificationFlow;
  /** The flow's front-end URL (`registerVerificationUrl`, ...). */
  baseUrl: string;
  /** `user_id`, [`email`], `timestamp`, `signature`, in that order. */
  data: SignedData;
  /** The user the link is for. */
  user: object;
}

/** The `verificationUrlBuilder` setting: replaces how a link is made from the signed data. */
export type VerificationUrlBuilder = (input: VerificationUrlInput) => string;

/**
 * Python's `urllib.parse.quote_plus` (what `urlencode` uses): letters, digits and `_.-~` stay, a
 * space is `+`, every other byte of the UTF-8 encoding is `%XX` in upper case (`@` is `%40`).
 */
export function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Python's `urlencode(data)` for string values, in the data's key order. */
export function urlEncode(data: Readonly<Record<string, string>>): string {
  return Object.entries(data)
    .map(([key, value]) => `${quotePlus(key)}=${quotePlus(value)}`)
    .join('&');
}

/**
 * Upstream's default builder (`build_default_verification_url`): `<baseUrl>?<urlencoded data>`,
 * e.g. `https://frontend.example/verify-user/?user_id=4&timestamp=1796216860&signature=R_D8...`.
 * Like upstream, it appends `?` even when the base URL already has a query.
 */
export const buildDefaultVerificationUrl: VerificationUrlBuilder = ({ baseUrl, data }) =>
  `${baseUrl}?${urlEncode(data)}`;
