import { problem, RegistrationConfigurationError } from './configuration.error.js';

/**
 * E071: a guard of the module is used where the module's providers cannot be injected (a feature
 * module, without `isGlobal`). Thrown by the guard's constructor instead of Nest's DI error.
 */
export function guardOutsideModule(guard: string, missing: string): RegistrationConfigurationError {
  return new RegistrationConfigurationError([
    problem(
      'E071',
      `${guard} is used in a module that cannot see RegistrationModule's providers (${missing} is missing there).`,
      'Pass isGlobal: true to RegistrationModule.forRoot() (or forRootAsync()), so that its guards and decorators work in every module.',
    ),
  ]);
}

/** E072: there is no TypeORM DataSource (of that name) for the module. */
export function dataSourceMissing(name: string | undefined): RegistrationConfigurationError {
  return new RegistrationConfigurationError([
    problem(
      'E072',
      name
        ? `There is no TypeORM DataSource named "${name}" (the dataSource option of RegistrationModule).`
        : 'There is no TypeORM DataSource: RegistrationModule keeps its tokens and finds users through TypeORM.',
      name
        ? `Register it with TypeOrmModule.forRoot({ name: '${name}', ... }), or fix the dataSource option.`
        : "Import TypeOrmModule.forRoot({ type: ..., autoLoadEntities: true }) (or forRootAsync()) in your app's root module.",
    ),
  ]);
}
