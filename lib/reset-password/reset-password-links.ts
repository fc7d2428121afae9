import { Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { resetPasswordSalt } from '../verification/salts.js';
import { type SignedData, signData, verifySignedData } from '../verification/signer.js';
import { findUserByVerificationId } from '../verification/user-by-verification-id.js';
import type { ParsedVerificationData } from '../verification/verification-data.js';

/** The reset-password flow's signed links (upstream's `ResetPasswordSigner`). */
@Injectable()
export class ResetPasswordLinks {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
  ) {}

  private get idField(): string {
    return this.configuration.userVerificationIdField ?? this.users.idField;
  }

  /** One-time: `reset-password:<current password hash>`, so a used link, or one older than a password change, fails. */
  private salt(user: ObjectLiteral): string {
    const hash = user[this.configuration.userPasswordField] as unknown;
    return resetPasswordSalt(
      this.configuration.resetPasswordVerificationOneTimeUse,
      typeof hash === 'string' ? hash : null,
    );
  }

  /** `user_id`, `timestamp`, `signature` for this user. */
  sign(user: ObjectLiteral, timestamp?: number): SignedData {
    return signData({ user_id: String(user[this.idField]) }, this.salt(user), this.keys(), timestamp);
  }

  /** The link of the e-mail (`verificationUrlBuilder` over `resetPasswordVerificationUrl`). */
  url(user: ObjectLiteral): string {
    return this.configuration.verificationUrlBuilder({
      flow: 'reset-password',
      baseUrl: this.configuration.resetPasswordVerificationUrl ?? '',
      data: this.sign(user),
      user,
    });
  }

  /** Throws `SignatureInvalid`, then `SignatureExpired` (upstream's order). */
  verify(data: ParsedVerificationData, user: ObjectLiteral): void {
    verifySignedData(
      { user_id: data.user_id, timestamp: data.timestamp, signature: data.signature },
      { ...this.keys(), salt: this.salt(user), period: this.configuration.resetPasswordVerificationPeriod },
    );
  }

  /** The user a link's `user_id` names, or `null`. */
  find(userId: string): Promise<ObjectLiteral | null> {
    return findUserByVerificationId(this.users, this.idField, userId);
  }

  private keys() {
    return { secretKey: this.configuration.secretKey ?? '', secretKeyFallbacks: this.configuration.secretKeyFallbacks };
  }
}
