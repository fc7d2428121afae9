import { checkTokenLimits } from './token-limits.checks.js';
import { checkLoginThrottle } from './login-throttle.checks.js';
import {
  checkLoginThrottleBudgets,
  checkLoginThrottleKey,
  checkLoginThrottleSecret,
} from './login-throttle-keys.checks.js';
import {
  checkAutoLogin,
  checkRegisterFields,
  checkRegisterVerification,
  checkRoutes,
  checkVerificationRedirects,
} from './registration.checks.js';
import type { Check } from './check.js';
import { checkProfileFields, checkProfileSerializer } from './profile.checks.js';
import { REGISTER_EMAIL_CHECKS } from './register-email.checks.js';
import {
  checkResetPasswordRedirects,
  checkResetPasswordRoutes,
  checkResetPasswordVerification,
} from './reset-password.checks.js';
import { checkCsrfCookieAge } from './cookie.checks.js';
import {
  checkAuthenticator,
  checkMessages,
  checkPasswordHasher,
  checkSerializerClass,
  checkSessionLogin,
  checkTokenTtl,
} from './settings.checks.js';
import {
  checkTokenGuardInUse,
  checkTokenGuardMatchesManager,
  checkTokenManagerClass,
  checkTokenManagerConfiguration,
  checkTokenManagerRequirements,
} from './token-manager.checks.js';
import { checkTokenCacheChannel, checkTokenCacheLimits } from './token-cache.checks.js';
import { checkLoginFields, checkUserColumns, checkUserEntity, checkUserPrimaryKey } from './user-entity.checks.js';

export * from './check.js';

/** Every startup check, in the order their problems are listed. */
export const STARTUP_CHECKS: Check[] = [
  checkUserEntity,
  checkUserPrimaryKey,
  checkLoginFields,
  checkUserColumns,
  checkSerializerClass,
  checkAuthenticator,
  checkPasswordHasher,
  checkTokenTtl,
  checkTokenCacheChannel,
  checkTokenCacheLimits,
  checkTokenLimits,
  checkTokenManagerClass,
  checkTokenGuardInUse,
  checkTokenManagerRequirements,
  checkTokenGuardMatchesManager,
  checkTokenManagerConfiguration,
  checkSessionLogin,
  checkLoginThrottle,
  checkLoginThrottleKey,
  checkLoginThrottleSecret,
  checkLoginThrottleBudgets,
  checkMessages,
  checkCsrfCookieAge,
  checkRoutes,
  checkRegisterVerification,
  checkRegisterFields,
  checkVerificationRedirects,
  checkAutoLogin,
  checkProfileFields,
  checkProfileSerializer,
  ...REGISTER_EMAIL_CHECKS,
  checkResetPasswordRoutes,
  checkResetPasswordVerification,
  checkResetPasswordRedirects,
];
