export { JwtAuthTokenManager, type RegistrationJwtClaims } from './jwt-auth-token-manager.js';
export { JwtAuthGuard } from './jwt-auth.guard.js';
export {
  JwtDenylist,
  JwtRevocationEntity,
  TypeOrmJwtDenylist,
  RedisJwtDenylist,
  type DenylistClaims,
  type RedisLikeClient,
} from './jwt-denylist.js';
export type { JwtSettings, JwtDenylistLike } from '../interfaces/jwt-settings.interface.js';
