import 'reflect-metadata';
import {
  Controller,
  Get,
  type DynamicModule,
  Injectable,
  Module,
  type Provider,
  type Type,
  UseGuards,
} from '@nestjs/common';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AuthTokenEntity,
  CurrentUser,
  PasswordHasher,
  RegistrationModule,
  type RegistrationModuleExtras,
  type RegistrationModuleOptions,
  TokenAuthGuard,
} from 'nestjs-rest-registration';
import { JwtRevocationEntity } from 'nestjs-rest-registration/jwt';
import supertest from 'supertest';
import type { DataSource, DataSourceOptions, ObjectLiteral } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type FreshDatabase, type TestDatabase, sqlite } from './databases.js';
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

/** The HTTP adapters every e2e suite runs on. */
export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: AdapterName[] = ['express', 'fastify'];

/** The adapter suites run on unless they choose: `test/fastify.test.ts` reruns every suite on Fastify. */
export function defaultAdapter(): AdapterName {
  return (globalThis as { TEST_ADAPTER?: AdapterName }).TEST_ADAPTER ?? 'express';
}

export interface AppOptions {
  /** HTTP adapter. @default 'express' */
  adapter?: AdapterName;
  /** Runs on the app before init (session middleware, global pipes, ...). */
  configure?: (app: INestApplication) => void | Promise<void>;
  settings?: Partial<RegistrationModuleOptions>;
  extras?: RegistrationModuleExtras;
  mode?: ModuleMode;
  /** Default SQLite. Each app gets its own fresh schema or database, dropped by `close()`. */
  database?: TestDatabase;
  /** Merged over the database's TypeORM options (e.g. `synchronize: false`, another `url`). */
  databaseOptions?: Partial<DataSourceOptions>;
  entities?: Function[];
  /**
   * Registers the entities the way most Nest apps do: `autoLoadEntities: true` and the host's own
   * entities through `TypeOrmModule.forFeature()`, none listed; the module brings its own.
   */
  autoLoadEntities?: boolean;
  controllers?: Type<unknown>[];
  providers?: Provider[];
  imports?: Array<Type<unknown> | DynamicModule>;
  /** Changes to the testing module before it is compiled (e.g. overrideProvider). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Registers the module with these `forRootAsync` options instead (mode and settings are ignored). */
  asyncOptions?: Parameters<typeof RegistrationModule.forRootAsync>[0];
  /** Create the app without calling init (startup-check tests call it themselves). */
  skipInit?: boolean;
  /** The app's logger (default: none). */
  logger?: LoggerService;
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  dataSource: DataSource;
  /** The fresh schema or database of this app. */
  fresh: FreshDatabase;
  /** Closes the app, then drops its schema or database. */
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

function registrationImport(
  mode: ModuleMode,
  settings: RegistrationModuleOptions,
  extras: RegistrationModuleExtras,
): DynamicModule {
  if (mode === 'forRoot') return RegistrationModule.forRoot({ ...settings, ...extras });
  if (mode === 'useFactory') {
    return RegistrationModule.forRootAsync({ ...extras, useFactory: async () => settings });
  }
  @Injectable()
  class SettingsFactory {
    createRegistrationOptions(): RegistrationModuleOptions {
      return settings;
    }
  }
  return RegistrationModule.forRootAsync({ ...extras, useClass: SettingsFactory });
}

export async function createTestApp(options: AppOptions = {}): Promise<TestApp> {
  const database = options.database ?? sqlite;
  const listed = options.entities ?? [User, UserWithSharedEmail, Member, AuthTokenEntity];
  // What the module registers itself; the rest is the host's.
  const hostEntities = listed.filter((entity) => entity !== AuthTokenEntity && entity !== JwtRevocationEntity);
  const entities = options.autoLoadEntities ? [] : listed;
  // Suites log in far more often than a person would; throttling is off unless a test is about it
  // (pass `loginThrottle: undefined` for the module's default).
  const settings = { userEntity: User, loginThrottle: false, ...options.settings } as RegistrationModuleOptions;
  const fresh = await database.create();

  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...fresh.options(entities, options.databaseOptions),
        ...(options.autoLoadEntities ? { autoLoadEntities: true } : {}),
      }),
      ...(options.autoLoadEntities ? [TypeOrmModule.forFeature(hostEntities)] : []),
      options.asyncOptions
        ? RegistrationModule.forRootAsync({ ...options.extras, ...options.asyncOptions })
        : registrationImport(options.mode ?? 'forRoot', settings, options.extras ?? {}),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [ProfileController],
    providers: options.providers ?? [],
  })
  class HostModule {}

  let app: INestApplication;
  const adapter = options.adapter ?? defaultAdapter();
  try {
    let builder = Test.createTestingModule({ imports: [HostModule] });
    if (options.override) builder = options.override(builder);
    const moduleRef = await builder.compile();
    app =
      adapter === 'fastify'
        ? // Fastify matches a trailing slash only when told to; the README says so.
          moduleRef.createNestApplication(new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), {
            logger: options.logger ?? false,
          })
        : moduleRef.createNestApplication({ logger: options.logger ?? false });
    if (options.configure) await options.configure(app);
    if (!options.skipInit) {
      await app.init();
      if (adapter === 'fastify') await app.getHttpAdapter().getInstance().ready();
    }
  } catch (error) {
    await fresh.drop();
    throw error;
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const http = supertest(app.getHttpServer());

  const testApp: TestApp = {
    app,
    http,
    dataSource,
    fresh,
    async close() {
      try {
        await app.close();
      } finally {
        await fresh.drop();
      }
    },
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

/** Registers session middleware the way a host would: express-session, or @fastify/cookie + @fastify/session. */
export async function useSessions(
  app: INestApplication,
  secret = 'a-session-secret-of-at-least-32-characters',
): Promise<void> {
  if (app.getHttpAdapter().getType() === 'fastify') {
    const { default: fastifyCookie } = await import('@fastify/cookie');
    const { default: fastifySession } = await import('@fastify/session');
    const fastifyApp = app as unknown as { register(plugin: unknown, options?: unknown): Promise<unknown> };
    await fastifyApp.register(fastifyCookie);
    await fastifyApp.register(fastifySession, {
      secret,
      cookieName: 'sid',
      saveUninitialized: false,
      cookie: { secure: false },
    });
    return;
  }
  const { default: session } = await import('express-session');
  app.use(session({ secret, resave: false, saveUninitialized: false, name: 'sid' }));
}
