/** The settings of change-password (upstream names in brackets). */
export interface ChangePasswordModuleOptions {
  /**
   * change-password requires `password_confirm` and answers `Passwords don't match` when it differs
   * [CHANGE_PASSWORD_SERIALIZER_PASSWORD_CONFIRM]. With `false` a sent `password_confirm` is ignored.
   * @default true
   */
  changePasswordSerializerPasswordConfirm?: boolean;
}

/** The change-password settings with their defaults applied (see `ChangePasswordModuleOptions`). */
export interface ChangePasswordConfiguration {
  readonly changePasswordSerializerPasswordConfirm: boolean;
}
