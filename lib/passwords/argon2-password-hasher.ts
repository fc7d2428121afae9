import { Injectable } from '@nestjs/common';
import * as argon2 from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BcryptVerifier } from './bcrypt-verifier.js';
import { isDjangoPbkdf2, verifyDjangoPbkdf2 } from './django-pbkdf2.js';
import { PasswordHasher } from './password-hasher.js';

/** Parameters of the argon2id hashes `Argon2PasswordHasher` writes. */
export interface Argon2Parameters {
  /** Memory in KiB. @default 19456 (19 MiB, OWASP's first recommendation) */
  memoryCost: number;
  /** Passes. @default 2 */
  timeCost: number;
  /** Lanes. @default 1 */
  parallelism: number;
}

export const DEFAULT_ARGON2_PARAMETERS: Argon2Parameters = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

const ARGON2ID = 2; // Algorithm.Argon2id of @node-rs/argon2
const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
/** One pool for the process: bcrypt hashes only exist until their users log in once. */
const bcryptVerifier = new BcryptVerifier();
/**
 * At most one argon2 computation per core at a time: more would not finish sooner, and every extra
 * runnable thread takes CPU time from the event loop, whose other requests then wait.
 */
class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
const argon2Slots = new Limiter(Math.max(1, availableParallelism()));

/** Django's argon2 hasher prefixes the PHC string with `argon2`. */
const DJANGO_ARGON2_PREFIX = 'argon2$';

/**
 * The default `PasswordHasher`: writes argon2id and verifies argon2 (PHC or Django's `argon2$...`),
 * bcrypt (`$2a$`, `$2b$`, `$2y$`) and Django's `pbkdf2_sha256$...`, so existing user tables keep
 * working; every hash in another scheme or with weaker parameters reports `needsRehash`. All hashing
 * runs in libuv's thread pool, never on the event loop.
 */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  private readonly parameters: Argon2Parameters;
  private readonly dummyHash: Promise<string>;

  constructor(parameters: Partial<Argon2Parameters> = {}) {
    super();
    this.parameters = { ...DEFAULT_ARGON2_PARAMETERS, ...parameters };
    // Made up front, so that the first unknown user does not cost a hash more than the others.
    this.dummyHash = argon2.hash(randomBytes(16).toString('hex'), { ...this.parameters, algorithm: ARGON2ID });
  }

  hash(password: string): Promise<string> {
    return argon2Slots.run(() => argon2.hash(password, { ...this.parameters, algorithm: ARGON2ID }));
  }

  async verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    if (typeof encoded === 'string') {
      try {
        if (encoded.startsWith('$argon2')) return await argon2Slots.run(() => argon2.verify(encoded, password));
        if (encoded.startsWith(DJANGO_ARGON2_PREFIX)) {
          const phc = encoded.slice(DJANGO_ARGON2_PREFIX.length - 1);
          return await argon2Slots.run(() => argon2.verify(phc, password));
        }
        if (BCRYPT.test(encoded)) return await bcryptVerifier.verify(password, encoded);
        if (isDjangoPbkdf2(encoded)) return await verifyDjangoPbkdf2(password, encoded);
      } catch {
        // A malformed hash of a known scheme is a failed check, not an error; fall through so its
        // cost matches a real one.
      }
    }
    // Unknown scheme, unusable password (Django's "!..."), or no hash at all: spend the same work.
    const dummy = await this.dummyHash;
    await argon2Slots.run(() => argon2.verify(dummy, password));
    return false;
  }

  needsRehash(encoded: string): boolean {
    if (!encoded.startsWith('$argon2id$')) return true;
    try {
      const used = argon2.parseOptions(encoded);
      return (
        used.memoryCost < this.parameters.memoryCost ||
        used.timeCost < this.parameters.timeCost ||
        used.parallelism !== this.parameters.parallelism
      );
    } catch {
      return true;
    }
  }
}
