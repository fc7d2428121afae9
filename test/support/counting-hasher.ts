import { Argon2PasswordHasher, PasswordHasher } from 'nestjs-rest-registration';
import type { TestingModuleBuilder } from '@nestjs/testing';

/** The real hasher, counting its calls (the timing defence is "one verify per attempt, whatever happens"). */
export class CountingHasher extends Argon2PasswordHasher {
  verifies = 0;
  hashes = 0;

  override verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    this.verifies++;
    return super.verify(password, encoded);
  }

  override hash(password: string): Promise<string> {
    this.hashes++;
    return super.hash(password);
  }

  reset(): void {
    this.verifies = 0;
    this.hashes = 0;
  }
}

/** `override` option of createTestApp that puts `hasher` behind the PasswordHasher token. */
export function withHasher(hasher: CountingHasher): (builder: TestingModuleBuilder) => TestingModuleBuilder {
  return (builder) => builder.overrideProvider(PasswordHasher).useValue(hasher);
}
