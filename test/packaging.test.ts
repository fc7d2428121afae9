/**
 * Packs the module like `npm publish` would, checks what the tarball holds, then installs it into scratch
 * host projects outside the repository (ESM and CommonJS on Nest 12, one on Nest 11) that boot, log in over
 * real HTTP and call a guarded route. Takes a minute or more: the hosts' own packages come from the registry.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { EXPORTED_NAMES } from './packaging/exports.js';
import { type HostSpec, writeHost } from './packaging/hosts.js';
import { type JestHostSpec, writeJestHost } from './packaging/jest-host.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};

/** The hosts install the lowest version of each Nest major that `peerDependencies` admits. */
const floor = (major: string, name: string): string => {
  const part = PKG.peerDependencies[name]
    ?.split('||')
    .map((range) => range.trim())
    .find((range) => range.startsWith(`^${major}.`));
  assert.ok(part, `${name} has no ^${major}.x range in peerDependencies`);
  return part;
};
const HOSTS: HostSpec[] = [
  {
    name: 'host-esm-nest12',
    format: 'module',
    nest: floor('12', '@nestjs/core'),
    nestTypeorm: floor('12', '@nestjs/typeorm'),
    swagger: floor('12', '@nestjs/swagger'),
  },
  {
    name: 'host-cjs-nest12',
    format: 'commonjs',
    nest: floor('12', '@nestjs/core'),
    nestTypeorm: floor('12', '@nestjs/typeorm'),
  },
  {
    name: 'host-esm-nest11',
    format: 'module',
    nest: floor('11', '@nestjs/core'),
    nestTypeorm: floor('11', '@nestjs/typeorm'),
    swagger: floor('11', '@nestjs/swagger'),
  },
];

/** A default Nest 11 CLI project (CommonJS, jest e2e tests with ts-jest). */
const JEST_HOST: JestHostSpec = {
  name: 'host-cli-jest-nest11',
  nest: floor('11', '@nestjs/core'),
  nestTypeorm: floor('11', '@nestjs/typeorm'),
};

/** The environment of `npm test` minus npm's own variables, so the hosts' installs see plain defaults. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${output}`)),
    );
  });
}

const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.(js|d\.ts|js\.map)$/,
  /^dist\/cjs\/package\.json$/,
  /^docs\/[\w-]+\.md$/,
  /^SECURITY\.md$/,
  /^bench\/(README|RESULTS)\.md$/,
];

describe('the packed tarball', () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let installError: Error | undefined;
  const hostDirs = new Map<string, string>();

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'nrr-packaging-'));
    // --ignore-scripts: `npm test` has just built dist, and prepack's output would corrupt the JSON.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
        cwd: REPO,
        env: cleanEnv(),
        encoding: 'utf8',
      }),
    ) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, packed[0].filename);
    files = packed[0].files.map((file) => file.path).sort();
    for (const spec of HOSTS) hostDirs.set(spec.name, writeHost(work, spec, tarball, REPO));
    hostDirs.set(JEST_HOST.name, writeJestHost(work, JEST_HOST, tarball, REPO));
    // --ignore-scripts: better-sqlite3 is a link to the repository's built copy, which must not be rebuilt.
    const flags = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'];
    try {
      // One at a time: parallel installs share the npm cache and the two cores.
      for (const dir of hostDirs.values()) await run('npm', flags, dir);
    } catch (error) {
      installError = error as Error;
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds only dist (JS, types, source maps), README, LICENSE, CHANGELOG and package.json', () => {
    const stray = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(stray, []);
    for (const entry of ['index', 'jwt/index', 'passport/index', 'swagger/index']) {
      for (const ext of ['.js', '.d.ts', '.js.map'])
        assert.ok(files.includes(`dist/${entry}${ext}`), `missing dist/${entry}${ext}`);
    }
    for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) assert.ok(files.includes(file), file);
    // lib/ is not shipped, so the maps carry the TypeScript sources themselves.
    const map = JSON.parse(readFileSync(join(REPO, 'dist', 'index.js.map'), 'utf8')) as { sourcesContent?: string[] };
    assert.ok(map.sourcesContent?.[0]?.includes('RegistrationModule'));
    assert.ok(
      !files.some((file) => /(^|\/)(test|sample|build)\//.test(file) || /^bench\/.*\.(ts|js|json)$/.test(file)),
    );
  });

  it("ships what the README's and the docs' relative links point at, so they work in an installed copy", () => {
    const documents = files.filter((file) => /^(README|SECURITY)\.md$|^docs\/.+\.md$/.test(file));
    assert.ok(documents.includes('docs/security.md') && documents.includes('SECURITY.md'));
    for (const document of documents) {
      const text = readFileSync(join(REPO, document), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const path = posix.normalize(posix.join(posix.dirname(document), target));
        assert.ok(files.includes(path), `${document} links to ${target}, which the package does not ship`);
      }
    }
  });

  it('exports exactly the chosen names from the root and each subpath, in both builds', async () => {
    const require = createRequire(import.meta.url);
    for (const [specifier, names] of Object.entries(EXPORTED_NAMES)) {
      const exported = Object.keys((await import(specifier)) as object).sort();
      assert.deepEqual(exported, [...names].sort(), specifier);
      const required = Object.keys(require(specifier) as object).filter((name) => name !== '__esModule');
      assert.deepEqual(required.sort(), [...names].sort(), `${specifier} (CommonJS)`);
    }
  });

  it('has no top-level await in dist, so CommonJS hosts can require() it', () => {
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(join(REPO, file), 'utf8');
      // tsc keeps statements at column 0 at the top level; an await there would make require() of the module fail.
      assert.ok(
        !/^(?:export\s+)?(?:(?:const|let|var)\s+[^=]+=\s*)?await\b/m.test(code),
        `${file} has a top-level await`,
      );
      assert.ok(!/^for await\b/m.test(code), `${file} has a top-level for await`);
    }
  });

  it('ships a CommonJS build beside the ES module one, chosen by conditional exports, without import.meta', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      exports: Record<string, { import?: { default: string }; require?: { types: string; default: string } }>;
    };
    for (const [subpath, entry] of Object.entries(pkg.exports).filter(([key]) => key !== './package.json')) {
      const dir = subpath === '.' ? '' : `${subpath.slice(2)}/`;
      assert.equal(entry.import?.default, `./dist/${dir}index.js`);
      assert.equal(entry.require?.default, `./dist/cjs/${dir}index.js`);
      for (const file of [entry.require.default, entry.require.types]) assert.ok(files.includes(file.slice(2)), file);
    }
    assert.ok(files.includes('dist/cjs/package.json'));
    assert.deepEqual(JSON.parse(readFileSync(join(REPO, 'dist', 'cjs', 'package.json'), 'utf8')), { type: 'commonjs' });
    for (const file of files.filter((name) => name.startsWith('dist/cjs/') && name.endsWith('.js'))) {
      assert.ok(!readFileSync(join(REPO, file), 'utf8').includes('import.meta'), `${file} holds import.meta`);
    }
  });

  it(`runs the jest e2e test of ${JEST_HOST.name} (a default Nest 11 CLI project, @nestjs/core ${JEST_HOST.nest})`, async (t) => {
    if (skipOffline(t)) return;
    const output = await run('npm', ['run', 'test:e2e'], hostDirs.get(JEST_HOST.name)!);
    assert.match(output, /Tests:\s+1 passed, 1 total/);
  });

  /** Skips when the registry cannot be reached; otherwise rethrows the install error. */
  function skipOffline(t: { skip(message: string): void }): boolean {
    if (installError && /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|network/i.test(installError.message)) {
      t.skip(
        `the npm registry is unreachable: ${installError.message.split('\n').find((line) => /ERR|network/i.test(line)) ?? 'install failed'}`,
      );
      return true;
    }
    if (installError) throw installError;
    return false;
  }

  for (const spec of HOSTS) {
    it(`installs into ${spec.name} (${spec.format}, @nestjs/core ${spec.nest}), which boots, logs in and calls a guarded route`, async (t) => {
      if (skipOffline(t)) return;
      const dir = hostDirs.get(spec.name)!;
      await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], dir);
      const installed = JSON.parse(
        readFileSync(join(dir, 'node_modules', '@nestjs', 'core', 'package.json'), 'utf8'),
      ) as { version: string };
      assert.equal(installed.version.split('.')[0], spec.nest.slice(1).split('.')[0]);
      await driveHost(dir, spec.swagger !== undefined);
    });
  }
});

async function driveHost(dir: string, swagger: boolean): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [join(dir, 'out', 'main.js')], {
    cwd: dir,
    env: { ...cleanEnv(), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    while (!/HOST READY \d+/.test(output)) {
      assert.equal(child.exitCode, null, `the host exited:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const base = `http://127.0.0.1:${/HOST READY (\d+)/.exec(output)![1]}`;
    const json = { 'Content-Type': 'application/json' };
    const login = await fetch(`${base}/accounts/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ login: 'alice', password: 'host-pass-123' }),
    });
    const body = (await login.json()) as { detail: string; token: string };
    assert.equal(login.status, 200, JSON.stringify(body));
    assert.equal(body.detail, 'Login successful');
    assert.match(body.token, /^\S{20,}$/);
    const me = await fetch(`${base}/me`, { headers: { Authorization: `Token ${body.token}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { username: 'alice' });
    const anonymous = await fetch(`${base}/me`);
    assert.equal(anonymous.status, 401);
    const wrong = await fetch(`${base}/accounts/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ login: 'alice', password: 'nope' }),
    });
    assert.equal(wrong.status, 400);
    if (swagger) {
      const document = (await (await fetch(`${base}/docs-json`)).json()) as {
        paths: Record<string, object>;
        components: { securitySchemes: Record<string, object> };
      };
      assert.deepEqual(Object.keys(document.paths['/accounts/login']), ['post']);
      assert.deepEqual(Object.keys(document.components.securitySchemes).sort(), ['bearer', 'token']);
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}
