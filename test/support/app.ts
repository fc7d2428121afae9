import 'reflect-metadata';
import { Controller, Get, type DynamicModule, Injectable, Module, type Provider, type Type, UseGuards } from '@nestjs/common';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AuthTokenEntity,
  CurrentUser,
  PasswordHasher,
  RegistrationModule,
  type RegistrationModuleExtras,
  type RegistrationSettings,
  TokenAuthGuard,
} from 'nestjs-rest-registration';
import supertest from 'supertest';
import type { DataSource, ObjectLiteral } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type TestDatabase, sqlite } from './databases.js';
import { User, UserWithSharedEmail, Member } from './entities.js';

export const PASSWORD = 'correct horse battery';

/** How the module is registered: the same suites run over each. */
export type ModuleMode = 'forRoot' | 'useFactory' | 'useClass';
export const MODULE_MODES: ModuleMode[] = ['forRoot', 'useFactory', 'useClass'];

/** A host route guarded by the token guard, as a user's app would have. */
@Controller()
export class ProfileController {
  @Get('profile')
  @UseGuards(TokenAuthGuard)
  profile(@CurrentUser() user: User, @CurrentUser('id') id: number): { username: string; id: number } {
    return { username: user.username, id };
  }
}

export interface AppOptions {
  settings?: Partial<RegistrationSettings>;
  extras?: RegistrationModuleExtras;
  mode?: ModuleMode;
  database?: TestDatabase;
  entities?: Function[];
  controllers?: Type<unknown>[];
  providers?: Provider[];
  imports?: Array<Type<unknown> | DynamicModule>;
  /** Changes to the testing module before it is compiled (e.g. overrideProvider). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Create the app without calling init (startup-check tests call it themselves). */
  skipInit?: boolean;
  /** The app's logger (default: none). */
  logger?: LoggerService;
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  dataSource: DataSource;
  close(): Promise<void>;
  /** Inserts a user with the given hash (default: an argon2id hash of PASSWORD). */
  addUser(values: ObjectLiteral, entity?: Function): Promise<ObjectLiteral>;
  /** Logs in and returns the token. */
  login(login: string, password?: string): Promise<string>;
  tokenRows(): Promise<AuthTokenEntity[]>;
}

let passwordHash: Promise<string> | undefined;

/** One argon2id hash of PASSWORD shared by the suite's users (hashing is the slow part of a test). */
export function defaultPasswordHash(hasher: PasswordHasher): Promise<string> {
  passwordHash ??= hasher.hash(PASSWORD);
  return passwordHash;
}

function registrationImport(mode: ModuleMode, settings: RegistrationSettings, extras: RegistrationModuleExtras): DynamicModule {
  if (mode === 'forRoot') return RegistrationModule.forRoot({ ...settings, ...extras });
  if (mode === 'useFactory') {
    return RegistrationModule.forRootAsync({ ...extras, useFactory: async () => settings });
  }
  @Injectable()
  class SettingsFactory {
    createRegistrationOptions(): RegistrationSettings {
      return settings;
    }
  }
  return RegistrationModule.forRootAsync({ ...extras, useClass: SettingsFactory });
}

export async function createTestApp(options: AppOptions = {}): Promise<TestApp> {
  const database = options.database ?? sqlite;
  const entities = options.entities ?? [User, UserWithSharedEmail, Member, AuthTokenEntity];
  // Suites log in far more often than a person would; throttling is off unless a test is about it
  // (pass `loginThrottle: undefined` for the module's default).
  const settings = { userEntity: User, loginThrottle: false, ...options.settings } as RegistrationSettings;

  @Module({
    imports: [
      TypeOrmModule.forRoot(database.options(entities)),
      registrationImport(options.mode ?? 'forRoot', settings, options.extras ?? {}),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [ProfileController],
    providers: options.providers ?? [],
  })
  class HostModule {}

  let builder = Test.createTestingModule({ imports: [HostModule] });
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: options.logger ?? false });
  if (!options.skipInit) await app.init();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const http = supertest(app.getHttpServer());

  const testApp: TestApp = {
    app,
    http,
    dataSource,
    close: () => app.close(),
    async addUser(values, entity = settings.userEntity) {
      const hash = await defaultPasswordHash(app.get(PasswordHasher));
      const repository = dataSource.getRepository(entity);
      const passwordField = settings.userPasswordField ?? 'password';
      const row = repository.create({ [passwordField]: hash, ...values });
      return repository.save(row);
    },
    async login(login, password = PASSWORD) {
      const response = await http.post('/accounts/login').send({ login, password });
      if (response.status !== 200 || typeof response.body.token !== 'string') {
        throw new Error(`login of ${login} failed: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body.token as string;
    },
    tokenRows: () => dataSource.getRepository(AuthTokenEntity).find(),
  };
  return testApp;
}
