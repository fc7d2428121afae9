/**
 * Hashes and verifies passwords. Abstract class and DI token: override it with
 * `{ provide: PasswordHasher, useClass: MyHasher }` or the `passwordHasher` setting.
 */
export abstract class PasswordHasher {
  /** A new encoded hash of `password` in the preferred scheme. */
  abstract hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `encoded`. Must resolve `false` (never throw) for malformed or unknown
   * encodings, and should cost about as much as a real check so that timing reveals nothing.
   */
  abstract verify(password: string, encoded: string | null | undefined): Promise<boolean>;
  /** Whether `encoded` is in an older scheme or weaker parameters and should be replaced on login. */
  abstract needsRehash(encoded: string): boolean;
}
