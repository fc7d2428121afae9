import { Injectable } from '@nestjs/common';
import * as argon2 from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BcryptVerifier } from './bcrypt-verifier.js';
import { CostEqualizer, schemeOf } from './cost-equalizer.js';
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
 * At most one password computation (any scheme) per core, plus one, at a time. The one extra keeps every core busy
 * while the event loop gets round to starting the next computation after one has finished (a register spends
 * milliseconds of its own on the event loop); more would not finish sooner, and every extra runnable thread takes
 * CPU time from the event loop, whose other requests then wait.
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
const argon2Slots = new Limiter(Math.max(1, availableParallelism()) + 1);
/** One per process, like the limiter: the schemes' costs are the machine's. */
const equalizer = new CostEqualizer();
const slot = (work: () => Promise<boolean>): Promise<boolean> => argon2Slots.run(work);

/** Django's argon2 hasher prefixes the PHC string with `argon2`. */
const DJANGO_ARGON2_PREFIX = 'argon2$';

/**
 * The default `PasswordHasher`: writes argon2id and verifies argon2 (PHC or Django's `argon2$...`),
 * bcrypt (`$2a$`, `$2b$`, `$2y$`) and Django's `pbkdf2_sha256$...`, so existing user tables keep
 * working; every hash in another scheme or with weaker parameters reports `needsRehash`. All hashing
 * runs off the event loop, every scheme under one limit of a computation per core plus one, and a failed
 * check costs what the slowest scheme seen costs (`CostEqualizer`), so no stored scheme shows in
 * the time an answer takes.
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
      const check = this.checkFor(password, encoded);
      // Every scheme under the same limit, and every failure as slow as the slowest scheme.
      if (check) return equalizer.check(schemeOf(encoded), check, slot);
    }
    // Unknown scheme, unusable password (Django's "!..."), or no hash at all: spend the same work.
    const dummy = await this.dummyHash;
    await equalizer.check(schemeOf(dummy), () => argon2.verify(dummy, password), slot);
    return false;
  }

  /** The check of `encoded` in its scheme; undefined for schemes this hasher does not know. */
  private checkFor(password: string, encoded: string): (() => Promise<boolean>) | undefined {
    // A malformed hash of a known scheme is a failed check, not an error; the equalizer pads its cost.
    const safely = (work: () => Promise<boolean>) => () => work().catch(() => false);
    if (encoded.startsWith('$argon2')) return safely(() => argon2.verify(encoded, password));
    if (encoded.startsWith(DJANGO_ARGON2_PREFIX)) {
      const phc = encoded.slice(DJANGO_ARGON2_PREFIX.length - 1);
      return safely(() => argon2.verify(phc, password));
    }
    if (BCRYPT.test(encoded)) return safely(() => bcryptVerifier.verify(password, encoded));
    if (isDjangoPbkdf2(encoded)) return safely(() => verifyDjangoPbkdf2(password, encoded));
    return undefined;
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
