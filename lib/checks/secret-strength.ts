/** Fewest distinct byte values a secret may have: 32 random bytes have about 30, a repeated byte 1. */
export const MIN_DISTINCT_SECRET_BYTES = 8;

/** Whether `secret` is made of so few distinct bytes (`'a'.repeat(32)`, `'abab…'`) that it is guessable. */
export function hasTooLittleVariety(secret: string | Buffer): boolean {
  return new Set(typeof secret === 'string' ? Buffer.from(secret) : secret).size < MIN_DISTINCT_SECRET_BYTES;
}
