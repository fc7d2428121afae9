import type { Type } from '@nestjs/common';

/** How the configuration describes the host's user entity (part of `RegistrationConfiguration`). */
export interface UserEntityFields {
  readonly userEntity: Type<object>;
  /** Columns the `login` value is matched against, in order. */
  readonly userLoginFields: readonly string[];
  /** Column holding the password hash. */
  readonly userPasswordField: string;
  /** Boolean column that must be true for a user to log in; `null` when every user counts as active. */
  readonly userActiveField: string | null;
}
