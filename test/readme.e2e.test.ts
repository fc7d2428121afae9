/**
 * The README's "Use it" code runs as pasted: its blocks are written to files named by their first line,
 * compiled with tsc as a host would (strict), booted against a fresh PostgreSQL database with
 * `DATABASE_URL`, and driven over HTTP: create a user, log in, call the guarded route.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hostTsconfig } from './packaging/hosts.js';
import { POSTGRES, postgresAdmin, randomSchemaName, withDatabase } from './support/databases.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The fenced blocks of the README's "Use it" section: `{ lang, code }` in order. */
export function useItBlocks(readme: string): { lang: string; code: string }[] {
  const section = readme.slice(
    readme.indexOf('## Use it\n'),
    readme.indexOf('\n## ', readme.indexOf('## Use it\n') + 1),
  );
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match) => ({ lang: match[1], code: match[2] }));
}

describe("the README's Use it code", { skip: POSTGRES.skip }, () => {
  // Inside the repository and under its package.json: 'nestjs-rest-registration' resolves to this package.
  const dir = join(REPO, 'build', `readme-app-${process.pid}`);
  const database = randomSchemaName();
  let app: INestApplication | undefined;
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    await postgresAdmin(POSTGRES.url!, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('names the packages to install, compiles, boots, and logs in a user made as it says', async () => {
    const blocks = useItBlocks(readFileSync(join(REPO, 'README.md'), 'utf8'));
    const install = blocks.find((block) => block.lang === 'sh');
    assert.ok(install, 'no install command');
    const installed = /^npm i (.+)$/m.exec(install.code)![1].split(/\s+/);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    const required = Object.keys(pkg.peerDependencies).filter((name) => !pkg.peerDependenciesMeta[name]?.optional);
    const fromNest = ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs', '@nestjs/throttler'];
    for (const name of required.filter((peer) => !fromNest.includes(peer)))
      assert.ok(installed.includes(name), `${name} is missing from the install command`);

    mkdirSync(join(dir, 'src'), { recursive: true });
    for (const block of blocks.filter((candidate) => candidate.lang === 'ts')) {
      const file = /^\/\/ ([\w.-]+\.ts)\n/.exec(block.code)?.[1];
      assert.ok(file, `a ts block without a "// <file>.ts" first line:\n${block.code}`);
      writeFileSync(join(dir, 'src', file), block.code);
    }
    const tsconfig = hostTsconfig(REPO);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    try {
      execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], {
        encoding: 'utf8',
      });
    } catch (error) {
      assert.fail(`the README's code does not compile:\n${(error as { stdout?: string }).stdout}`);
    }

    await postgresAdmin(POSTGRES.url!, `CREATE DATABASE "${database}"`);
    process.env.DATABASE_URL = withDatabase(POSTGRES.url!, database);
    const load = (file: string) => import(pathToFileURL(join(dir, 'out', file)).href);
    const { AppModule } = (await load('app.module.js')) as { AppModule: Type<unknown> };
    const { createUser } = (await load('create-user.js')) as {
      createUser(app: INestApplicationContext, username: string, password: string): Promise<unknown>;
    };
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    await createUser(app, 'alice', 'a long password');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await fetch(`${base}/accounts/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'alice', password: 'a long password' }),
    });
    const body = (await login.json()) as { detail: string; token: string };
    assert.equal(login.status, 200, JSON.stringify(body));
    const me = await fetch(`${base}/me`, { headers: { Authorization: `Token ${body.token}` } });
    assert.deepEqual(await me.json(), { username: 'alice' });
  });
});
