import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity } from './auth-token/auth-token.entity.js';
import type { RegistrationSettings } from './interfaces/registration-settings.interface.js';
import { JwtRevocationEntity, TypeOrmJwtDenylist } from './jwt/jwt-denylist.js';

/**
 * The entities the module's own parts store rows in: the token entity, and the JWT revocation entity
 * when `jwt.denylist` is the TypeORM one. Registered through `TypeOrmModule.forFeature()`, so hosts with
 * `autoLoadEntities: true` need not list them. `forRootAsync` settings are not known yet when the module
 * is built: the token entity is registered then, the revocation entity must be listed (check E006).
 */
export function moduleEntities(settings?: Partial<RegistrationSettings>): Function[] {
  const entities: Function[] = [AuthTokenEntity];
  if (settings?.jwt?.denylist === TypeOrmJwtDenylist) entities.push(JwtRevocationEntity);
  return entities;
}

/** `TypeOrmModule.forFeature()` of the module's entities on the configured DataSource. */
export function moduleEntitiesImport(
  dataSource: string | undefined,
  settings?: Partial<RegistrationSettings>,
): DynamicModule {
  return TypeOrmModule.forFeature(moduleEntities(settings), dataSource);
}
