import type { Type } from '@nestjs/common';

/** The settings of the profile route (upstream names in brackets). */
export interface ProfileModuleOptions {
  /**
   * When set, the profile's writable fields are limited to these entity properties; the others are
   * read-only [USER_EDITABLE_FIELDS]. The primary key, the e-mail column and hidden columns are never
   * writable; register ignores this setting. @default null (every shown field but the key and e-mail)
   */
  userEditableFields?: string[] | null;
  /**
   * class-validator DTO that validates the profile body instead of the serializer generated from the
   * entity [PROFILE_SERIALIZER_CLASS]; PATCH checks only the properties sent. Its properties are
   * written when they are writable columns (never the key, the e-mail, the password, the active or
   * verification column, hidden columns, or columns outside `userEditableFields`); the answer stays
   * the generated profile. @default null (generated)
   */
  profileSerializerClass?: Type<object> | null;
}

/** The profile settings with their defaults applied (see `ProfileModuleOptions`). */
export interface ProfileConfiguration {
  readonly userEditableFields: readonly string[] | null;
  readonly profileSerializerClass: Type<object> | null;
}
