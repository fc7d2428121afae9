import { ChangePasswordInput } from './change-password-input.js';
import { ChangePasswordService } from './change-password.service.js';

export { ChangePasswordController, createChangePasswordControllers } from './change-password.controller.js';
export { ChangePasswordInput, readPasswordField } from './change-password-input.js';
export { ChangePasswordService } from './change-password.service.js';

/** The providers the change-password route needs (registered whether or not `routes` lists it). */
export const changePasswordProviders = [ChangePasswordInput, ChangePasswordService];
