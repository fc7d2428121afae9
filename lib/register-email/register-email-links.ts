import { Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { registerEmailSalt } from '../verification/salts.js';
import { type SignedData, signData, verifySignedData } from '../verification/signer.js';

/** The signed fields of a register-email link, as verify-email receives them. */
export interface RegisterEmailLinkData {
  user_id: string;
  email: string;
  timestamp: string;
  signature: string;
}

/** register-email's signed links (upstream's `RegisterEmailSigner`): made for the new address, checked by verify-email. */
@Injectable()
export class RegisterEmailLinks {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
  ) {}

  /** `user_id`, `email`, `timestamp`, `signature`, in the order upstream puts them in the URL. */
  sign(user: ObjectLiteral, email: string, timestamp?: number): SignedData {
    const idField = this.configuration.userVerificationIdField ?? this.users.idField;
    return signData({ user_id: String(user[idField]), email }, registerEmailSalt(), this.keys(), timestamp);
  }

  /** The link of the message (`verificationUrlBuilder` over `registerEmailVerificationUrl`). */
  url(user: ObjectLiteral, email: string): string {
    return this.configuration.verificationUrlBuilder({
      flow: 'register-email',
      baseUrl: this.configuration.registerEmailVerificationUrl ?? '',
      data: this.sign(user, email),
      user,
    });
  }

  /** Throws `SignatureInvalid` (any of `user_id`, `email`, `timestamp` changed), then `SignatureExpired`. */
  verify(data: RegisterEmailLinkData): void {
    verifySignedData(
      { user_id: data.user_id, email: data.email, timestamp: data.timestamp, signature: data.signature },
      { ...this.keys(), salt: registerEmailSalt(), period: this.configuration.registerEmailVerificationPeriod },
    );
  }

  private keys() {
    return { secretKey: this.configuration.secretKey ?? '', secretKeyFallbacks: this.configuration.secretKeyFallbacks };
  }
}
