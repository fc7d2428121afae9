import type { ProfileConfiguration, ProfileModuleOptions } from '../interfaces/profile-settings.interface.js';

/** The defaults of the profile settings, applied once (called by `resolveConfiguration`). */
export function resolveProfileConfiguration(options: ProfileModuleOptions): ProfileConfiguration {
  return {
    userEditableFields:
      options.userEditableFields === undefined || options.userEditableFields === null
        ? null
        : Object.freeze([...options.userEditableFields]),
    profileSerializerClass: options.profileSerializerClass ?? null,
  };
}
