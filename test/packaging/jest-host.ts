/**
 * A host as `nest new` (Nest 11 CLI) makes it: a CommonJS project whose e2e tests run in jest with
 * ts-jest, here with `autoLoadEntities: true`. jest loads packages with `require`, so the tarball's
 * CommonJS build is what runs. The test drives it with `npm run test:e2e`, as its developers would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostDependencies, USER_ENTITY } from './hosts.js';

export interface JestHostSpec {
  name: string;
  /** Ranges of the host's own Nest and TypeORM packages (installed from the registry). */
  nest: string;
  nestTypeorm: string;
}

export function writeJestHost(root: string, spec: JestHostSpec, tarball: string, repo: string): string {
  const dir = join(root, spec.name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  const pkg = {
    name: spec.name,
    private: true,
    scripts: { 'test:e2e': 'jest --config ./test/jest-e2e.json' },
    dependencies: hostDependencies(spec, tarball, repo),
    devDependencies: {
      // @nestjs/testing has its own version line (its latest 11.x is below @nestjs/core's floor).
      '@nestjs/testing': '^11.0.0',
      '@types/jest': '^29.5.14',
      '@types/node': '^20.19.0',
      '@types/supertest': '^6.0.2',
      jest: '^29.7.0',
      supertest: '^7.0.0',
      'ts-jest': '^29.2.5',
      typescript: '^5.7.3',
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  // The CLI's tsconfig.json and test/jest-e2e.json (Nest 11 starter).
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      resolvePackageJsonExports: true,
      esModuleInterop: true,
      isolatedModules: true,
      declaration: true,
      removeComments: true,
      emitDecoratorMetadata: true,
      experimentalDecorators: true,
      allowSyntheticDefaultImports: true,
      target: 'ES2023',
      sourceMap: true,
      outDir: './dist',
      baseUrl: './',
      incremental: true,
      skipLibCheck: true,
      strictNullChecks: true,
      forceConsistentCasingInFileNames: true,
      noImplicitAny: false,
      strictBindCallApply: false,
      noFallthroughCasesInSwitch: false,
    },
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const jestE2e = {
    moduleFileExtensions: ['js', 'json', 'ts'],
    rootDir: '.',
    testEnvironment: 'node',
    testRegex: '.e2e-spec.ts$',
    transform: { '^.+\\.(t|j)s$': 'ts-jest' },
  };
  writeFileSync(join(dir, 'test', 'jest-e2e.json'), JSON.stringify(jestE2e, null, 2));
  writeFileSync(join(dir, 'src', 'user.entity.ts'), USER_ENTITY);
  writeFileSync(join(dir, 'src', 'app.module.ts'), APP_MODULE);
  writeFileSync(join(dir, 'test', 'app.e2e-spec.ts'), E2E_SPEC);
  return dir;
}

const APP_MODULE = `import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurrentUser, RegistrationModule, TokenAuthGuard } from 'nestjs-rest-registration';
import { User } from './user.entity';

@Controller()
export class MeController {
  @Get('me')
  @UseGuards(TokenAuthGuard)
  me(@CurrentUser() user: User) {
    return { username: user.username };
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', autoLoadEntities: true, synchronize: true }),
    TypeOrmModule.forFeature([User]),
    RegistrationModule.forRoot({ userEntity: User }),
  ],
  controllers: [MeController],
})
export class AppModule {}
`;

const E2E_SPEC = `import { INestApplication } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { PasswordHasher } from 'nestjs-rest-registration';
import request from 'supertest';
import { Repository } from 'typeorm';
import { AppModule } from './../src/app.module';
import { User } from './../src/user.entity';

describe('login (e2e)', () => {
  let app: INestApplication;

  beforeEach(async () => {
    const moduleFixture: TestingModule = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleFixture.createNestApplication();
    await app.init();
    const password = await app.get(PasswordHasher).hash('host-pass-123');
    await app.get<Repository<User>>(getRepositoryToken(User)).save({ username: 'alice', password, isActive: true });
  });

  afterEach(() => app.close());

  it('logs in and calls a guarded route with the token', async () => {
    const login = await request(app.getHttpServer())
      .post('/accounts/login')
      .send({ login: 'alice', password: 'host-pass-123' })
      .expect(200);
    expect(login.body.detail).toBe('Login successful');
    // jest requires packages: the CommonJS build is what runs.
    expect(require.resolve('nestjs-rest-registration')).toMatch(/dist[\\\\/]cjs[\\\\/]index\\.js$/);
    await request(app.getHttpServer())
      .get('/me')
      .set('Authorization', 'Token ' + login.body.token)
      .expect(200, { username: 'alice' });
    await request(app.getHttpServer()).get('/me').expect(401);
  });
});
`;
