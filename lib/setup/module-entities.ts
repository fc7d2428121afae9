import type { Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { dataSourceMissing } from '../errors/wiring.errors.js';
import { AuthTokenEntity } from '../auth-token/auth-token.entity.js';
import type { RegistrationModuleOptions } from '../interfaces/registration-settings.interface.js';
import { JwtRevocationEntity, TypeOrmJwtDenylist } from '../jwt/jwt-denylist.js';
import { REGISTRATION_DATA_SOURCE } from '../registration.constants.js';

/**
 * The entities the module's own parts store rows in: the token entity, and the JWT revocation entity
 * when `jwt.denylist` is the TypeORM one. Registered through `TypeOrmModule.forFeature()`, so hosts with
 * `autoLoadEntities: true` need not list them. `forRootAsync` settings are not known yet when the module
 * is built: the token entity is registered then, the revocation entity must be listed (check E006).
 */
export function moduleEntities(settings?: Partial<RegistrationModuleOptions>): Function[] {
  const entities: Function[] = [AuthTokenEntity];
  if (settings?.jwt?.denylist === TypeOrmJwtDenylist) entities.push(JwtRevocationEntity);
  return entities;
}

/**
 * Adds the module's entities to those `autoLoadEntities: true` loads into the DataSource. Only the
 * registration of `TypeOrmModule.forFeature()` is needed (the module reads its rows through the
 * DataSource, not through injected repositories), so its module is not imported: an app without any
 * `TypeOrmModule.forRoot()` then gets check E072 rather than Nest's DI error about a repository.
 */
export function registerModuleEntities(
  dataSource: string | undefined,
  settings?: Partial<RegistrationModuleOptions>,
): void {
  TypeOrmModule.forFeature(moduleEntities(settings), dataSource);
}

/** The module's DataSource; E072 instead of Nest's DI error when there is none. */
export function dataSourceProvider(name: string | undefined): Provider {
  return {
    provide: REGISTRATION_DATA_SOURCE,
    useFactory: (dataSource: DataSource | undefined) => {
      if (!dataSource) throw dataSourceMissing(name);
      return dataSource;
    },
    inject: [{ token: getDataSourceToken(name), optional: true }],
  };
}
