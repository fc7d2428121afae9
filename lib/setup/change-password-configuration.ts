import type { ChangePasswordConfiguration } from '../interfaces/change-password-settings.interface.js';
import type { RegistrationModuleOptions } from '../interfaces/registration-settings.interface.js';

/** The defaults of the change-password settings, applied once (called by `resolveConfiguration`). */
export function resolveChangePasswordConfiguration(options: RegistrationModuleOptions): ChangePasswordConfiguration {
  return { changePasswordSerializerPasswordConfirm: options.changePasswordSerializerPasswordConfirm ?? true };
}
