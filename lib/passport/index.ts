export {
  RegistrationTokenStrategy,
  RegistrationJwtStrategy,
  RegistrationSessionStrategy,
  REGISTRATION_SESSION_STRATEGY,
  REGISTRATION_TOKEN_STRATEGY,
  REGISTRATION_JWT_STRATEGY,
} from './registration.strategies.js';
export { TokenHeaderStrategy } from './token-header.strategy.js';
