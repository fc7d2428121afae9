/**
 * Scratch host projects for test/packaging.test.ts: each is a tiny Nest app that depends on the packed
 * tarball and on its own Nest, TypeORM and validation packages from the npm registry.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HostSpec {
  /** Directory name of the host, also its package name. */
  name: string;
  /** `module` (ESM) or `commonjs`. */
  format: 'module' | 'commonjs';
  /** Ranges of the host's own Nest and TypeORM packages (installed from the registry). */
  nest: string;
  nestTypeorm: string;
  /** Range of `@nestjs/swagger`; when set, the host serves its OpenAPI document at /docs-json. */
  swagger?: string;
}

/** What every host depends on: the tarball, its own Nest and TypeORM, the validation packages. */
export function hostDependencies(
  spec: Pick<HostSpec, 'nest' | 'nestTypeorm'>,
  tarball: string,
  repo: string,
): Record<string, string> {
  return {
    'nestjs-rest-registration': `file:${tarball}`,
    '@nestjs/common': spec.nest,
    '@nestjs/core': spec.nest,
    '@nestjs/platform-express': spec.nest,
    '@nestjs/typeorm': spec.nestTypeorm,
    typeorm: '^1.1.1',
    'class-validator': '^0.15.1',
    'class-transformer': '^0.5.1',
    'reflect-metadata': '^0.2.2',
    rxjs: '^7.8.2',
    // Links the repository's already-built native module instead of compiling it again.
    'better-sqlite3': `file:${join(repo, 'node_modules', 'better-sqlite3')}`,
  };
}

/** The strict NodeNext tsconfig of a host whose sources are in src/, compiled to out/. */
export function hostTsconfig(repo: string): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'],
      typeRoots: [join(repo, 'node_modules', '@types')],
      types: ['node'],
      outDir: 'out',
      rootDir: 'src',
      strict: true,
      strictPropertyInitialization: false,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
    },
    include: ['src/**/*.ts'],
  };
}

/** Writes package.json, tsconfig.json and the sources of one host. */
export function writeHost(root: string, spec: HostSpec, tarball: string, repo: string): string {
  const dir = join(root, spec.name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const pkg = {
    name: spec.name,
    private: true,
    type: spec.format,
    dependencies: {
      ...hostDependencies(spec, tarball, repo),
      ...(spec.swagger ? { '@nestjs/swagger': spec.swagger } : {}),
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const tsconfig = hostTsconfig(repo);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(dir, 'src', 'user.entity.ts'), USER_ENTITY);
  writeFileSync(join(dir, 'src', 'app.module.ts'), APP_MODULE);
  const main = spec.swagger ? MAIN.replace('  await app.listen(', `${SWAGGER_SETUP}  await app.listen(`) : MAIN;
  const imports = spec.swagger ? SWAGGER_IMPORTS : '';
  writeFileSync(
    join(dir, 'src', 'main.ts'),
    `${imports}${main}\n${spec.format === 'module' ? 'await main();' : 'void main();'}\n`,
  );
  return dir;
}

export const USER_ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}
`;

const APP_MODULE = `import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity, CurrentUser, RegistrationModule, TokenAuthGuard } from 'nestjs-rest-registration';
import { User } from './user.entity.js';

@Controller()
export class MeController {
  @Get('me')
  @UseGuards(TokenAuthGuard)
  me(@CurrentUser() user: User): { username: string } {
    return { username: user.username };
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: [User, AuthTokenEntity], synchronize: true }),
    RegistrationModule.forRoot({ userEntity: User }),
  ],
  controllers: [MeController],
})
export class AppModule {}
`;

/** Boots on a free port, adds one user and prints the port; the test drives it over HTTP. */
const MAIN = `import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PasswordHasher } from 'nestjs-rest-registration';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { User } from './user.entity.js';

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const password = await app.get(PasswordHasher).hash('host-pass-123');
  await app.get(DataSource).getRepository(User).save({ username: 'alice', password, isActive: true });
  const address = app.getHttpServer().address() as { port: number };
  console.log('HOST READY ' + address.port);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
`;

const SWAGGER_IMPORTS = `import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addRegistrationToDocument } from 'nestjs-rest-registration/swagger';
`;

const SWAGGER_SETUP = `  const config = new DocumentBuilder().setTitle('host').build();
  SwaggerModule.setup('docs', app, () => addRegistrationToDocument(SwaggerModule.createDocument(app, config)));
`;
