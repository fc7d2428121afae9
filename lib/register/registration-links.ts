import { Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { registerSalt } from '../verification/salts.js';
import { type SignedData, signData, verifySignedData } from '../verification/signer.js';
import type { ParsedVerificationData } from '../verification/verification-data.js';
import { findUserByVerificationId } from '../verification/user-by-verification-id.js';

/** The register flow's signed links: made for a new user, checked by verify-registration. */
@Injectable()
export class RegistrationLinks {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
  ) {}

  private get idField(): string {
    return this.configuration.userVerificationIdField ?? this.users.idField;
  }

  private salt(user: ObjectLiteral | null): string {
    const flag = this.configuration.userVerificationFlagField;
    // A user that is not found is checked against the salt of a never-verified one (`register:False`),
    // so a bad signature answers "Invalid signature" whether the id exists or not.
    const value = user === null ? false : flag === null ? undefined : user[flag];
    return registerSalt(
      this.configuration.registerVerificationOneTimeUse,
      value === 1 ? true : value === 0 ? false : value,
    );
  }

  /** `user_id`, `timestamp`, `signature` for this user, as upstream's `RegisterSigner`. */
  sign(user: ObjectLiteral, timestamp?: number): SignedData {
    return signData({ user_id: String(user[this.idField]) }, this.salt(user), this.keys(), timestamp);
  }

  /** The link of the e-mail (`verificationUrlBuilder` over `registerVerificationUrl`). */
  url(user: ObjectLiteral): string {
    const data = this.sign(user);
    return this.configuration.verificationUrlBuilder({
      flow: 'register',
      baseUrl: this.configuration.registerVerificationUrl ?? '',
      data,
      user,
    });
  }

  /** Throws `SignatureInvalid`, then `SignatureExpired` (upstream's order); `user` is the one `find` found. */
  verify(data: ParsedVerificationData, user: ObjectLiteral | null): void {
    verifySignedData(
      { user_id: data.user_id, timestamp: data.timestamp, signature: data.signature },
      { ...this.keys(), salt: this.salt(user), period: this.configuration.registerVerificationPeriod },
    );
  }

  /**
   * The user a link's `user_id` names, or `null`: a value the key column cannot hold ("abc" on an
   * integer key, a number out of range) is not found, on every database; an outage still throws.
   */
  find(userId: string): Promise<ObjectLiteral | null> {
    return findUserByVerificationId(this.users, this.idField, userId);
  }

  private keys() {
    return { secretKey: this.configuration.secretKey ?? '', secretKeyFallbacks: this.configuration.secretKeyFallbacks };
  }
}
