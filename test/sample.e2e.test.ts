import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const SAMPLE = fileURLToPath(new URL('../sample/main.js', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'secret-pass-123';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

describe('npm run sample', () => {
  it('compiles the library and the sample only, not the tests or benchmarks', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const steps = pkg.scripts.sample.split('&&').map((step) => step.trim());
    assert.deepEqual(steps, ['npm run build', 'tsc -p tsconfig.sample.json', 'node build/sample/main.js']);
    const listed = execFileSync(
      process.execPath,
      [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.sample.json', '--listFilesOnly'],
      { cwd: REPO, encoding: 'utf8' },
    )
      .split('\n')
      .filter((file) => file.startsWith(REPO) && !file.includes('/node_modules/'));
    assert.ok(listed.some((file) => file.endsWith('sample/main.ts')));
    assert.deepEqual(
      listed.filter((file) => !file.startsWith(join(REPO, 'sample')) && !file.startsWith(join(REPO, 'dist'))),
      [],
    );
  });
});

describe('the sample app, as the README runs it', () => {
  let child: ChildProcess;
  let output = '';
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [SAMPLE], {
      env: { ...process.env, PORT: String(port), SAMPLE_DATABASE: ':memory:', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 300 && !output.includes('Try it:'); i++) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(output.includes('Try it:'), `the sample did not start:\n${output}`);
  });
  after(async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  });

  const post = (path: string, body: object, token?: string) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Token ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('prints its URL, the demo users and ready-to-paste curl commands', () => {
    assert.ok(output.includes(`listening on ${base}`));
    for (const text of ['alice', 'bob', 'carol@example.com', PASSWORD, `curl -s -X POST ${base}/accounts/login`]) {
      assert.ok(output.includes(text), `missing ${text}`);
    }
  });

  it('logs alice in, serves /me, logs out and then refuses the token', async () => {
    const login = await post('/accounts/login', { login: 'alice', password: PASSWORD });
    assert.equal(login.status, 200);
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${base}/me`, { headers: { Authorization: `Token ${token}` } });
    assert.deepEqual(await me.json(), { username: 'alice' });
    const logout = await post('/accounts/logout', { revoke_token: true }, token);
    assert.deepEqual(await logout.json(), { detail: 'Logout successful' });
    const refused = await fetch(`${base}/me`, { headers: { Authorization: `Token ${token}` } });
    assert.equal(refused.status, 401);
    assert.deepEqual(await refused.json(), { detail: 'Invalid token.' });
  });

  it('prints commands that work when pasted into a shell as they are', () => {
    // The "Try it:" block, up to the blank line before the registration commands.
    const lines = output
      .slice(output.indexOf('Try it:'))
      .split('\n\n')[0]
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean);
    const script = lines.join('\n') + '\n';
    const shell = spawnSync('sh', ['-e'], { input: script, encoding: 'utf8' });
    assert.equal(shell.status, 0, `sh failed:\n${script}\n${shell.stderr}`);
    const answers = shell.stdout
      .split(/(?<=\})/)
      .map((part) => part.trim())
      .filter(Boolean);
    assert.deepEqual(answers.slice(-3), [
      '{"username":"alice"}',
      '{"detail":"Logout successful"}',
      '{"detail":"Invalid token."}',
    ]);
  });

  it('refuses bob (inactive) and lets carol in by email', async () => {
    const bob = await post('/accounts/login', { login: 'bob', password: PASSWORD });
    assert.deepEqual(await bob.json(), { detail: 'Login or password invalid.' });
    const carol = await post('/accounts/login', { login: 'carol@example.com', password: PASSWORD });
    assert.equal(carol.status, 200);
  });

  it('never prints a token or a password hash', async () => {
    const { token } = (await (await post('/accounts/login', { login: 'carol', password: PASSWORD })).json()) as {
      token: string;
    };
    assert.ok(!output.includes(token));
    assert.ok(!output.includes('$argon2id$'));
  });

  it('registers dave, prints the e-mail with its link and command, verifies it, then logs dave in', async () => {
    assert.ok(output.includes(`curl -s -X POST ${base}/accounts/register`), 'the register command is printed');
    const password = 'Vq7#long-pass-1';
    const register = await post('/accounts/register', {
      username: 'dave',
      email: 'dave@example.com',
      password,
      password_confirm: password,
    });
    assert.equal(register.status, 201);
    const refused = await post('/accounts/login', { login: 'dave', password });
    assert.equal(refused.status, 400, 'not before the verification');
    for (let i = 0; i < 100 && !output.includes('Verify it:'); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(output.includes('E-mail to dave@example.com: "Please verify your account"'), output);
    assert.match(output, new RegExp(`Link: http://127\\.0\\.0\\.1:\\d+/verify-user/\\?user_id=`));
    const command = /Verify it: curl -s -X POST (\S+) -H 'Content-Type: application\/json' -d '(.+)'/.exec(output);
    assert.ok(command, output);
    assert.equal(command[1], `${base}/accounts/verify-registration`);
    const verify = await post('/accounts/verify-registration', JSON.parse(command[2]) as object);
    assert.deepEqual(await verify.json(), { detail: 'User verified successfully' });
    const login = await post('/accounts/login', { login: 'dave', password });
    assert.equal(login.status, 200);
  });

  it('shows and edits the profile as the printed commands say; the e-mail is never changed there', async () => {
    assert.ok(output.includes(`curl -s ${base}/accounts/profile`), 'the profile command is printed');
    const { token } = (await (await post('/accounts/login', { login: 'alice', password: PASSWORD })).json()) as {
      token: string;
    };
    const headers = { Authorization: `Token ${token}`, 'Content-Type': 'application/json' };
    const show = await fetch(`${base}/accounts/profile`, { headers });
    assert.deepEqual(await show.json(), { id: 1, username: 'alice', email: null });
    const patch = await fetch(`${base}/accounts/profile`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ username: 'alice', email: 'x@example.com' }),
    });
    assert.deepEqual(await patch.json(), { id: 1, username: 'alice', email: null });
  });

  it("changes carol's e-mail address through the printed link, which goes to the new address", async () => {
    assert.ok(
      output.includes(`curl -s -X POST ${base}/accounts/register-email`),
      'the register-email command is printed',
    );
    const { token } = (await (await post('/accounts/login', { login: 'carol', password: PASSWORD })).json()) as {
      token: string;
    };
    const change = await post('/accounts/register-email', { email: 'carol.new@example.com' }, token);
    assert.deepEqual(await change.json(), { detail: 'Register email link email sent' });
    const pattern =
      /Verify it: curl -s -X POST (\S+\/accounts\/verify-email) -H 'Content-Type: application\/json' -d '(.+)'/;
    for (let i = 0; i < 100 && !pattern.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(output.includes('E-mail to carol.new@example.com: "Please verify new e-mail"'), output);
    const command = pattern.exec(output);
    assert.ok(command, output);
    assert.equal(command[1], `${base}/accounts/verify-email`);
    const verify = await post('/accounts/verify-email', JSON.parse(command[2]) as object);
    assert.deepEqual(await verify.json(), { detail: 'Email verified successfully' });
    const login = await post('/accounts/login', { login: 'carol.new@example.com', password: PASSWORD });
    assert.equal(login.status, 200);
  });

  it('prints change-password commands that work as pasted, the token surviving both changes', () => {
    const block = output.slice(output.indexOf("Change alice's password")).split('\n\n')[0];
    const script =
      block
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter(Boolean)
        .join('\n') + '\n';
    const shell = spawnSync('sh', ['-e'], { input: script, encoding: 'utf8' });
    assert.equal(shell.status, 0, `sh failed:\n${script}\n${shell.stderr}`);
    assert.equal(
      shell.stdout,
      '{"detail":"Password changed successfully"}{"username":"alice"}{"detail":"Password changed successfully"}',
    );
  });

  it("resets carol's password with the printed link and command, then carol logs in with the new one", async () => {
    assert.ok(output.includes(`curl -s -X POST ${base}/accounts/send-reset-password-link`), 'the command is printed');
    const sent = await post('/accounts/send-reset-password-link', { login: 'carol' });
    assert.deepEqual(await sent.json(), { detail: 'Reset link sent if the user exists in database' });
    for (let i = 0; i < 100 && !output.includes('Reset with it: curl'); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    // The e-mail change above moved carol to her new address; the reset link goes there.
    assert.match(output, /E-mail to carol(\.new)?@example\.com: "Reset password link was sent"/);
    assert.match(output, new RegExp(`Link: http://127\\.0\\.0\\.1:\\d+/reset-password/\\?user_id=`));
    const command = /Reset with it: curl -s -X POST (\S+) -H 'Content-Type: application\/json' -d '(.+)'/.exec(output);
    assert.ok(command, output);
    assert.equal(command[1], `${base}/accounts/reset-password`);
    const reset = await post('/accounts/reset-password', JSON.parse(command[2]) as object);
    assert.deepEqual(await reset.json(), { detail: 'Reset password successful' });
    assert.equal((await post('/accounts/login', { login: 'carol', password: PASSWORD })).status, 400);
    assert.equal((await post('/accounts/login', { login: 'carol', password: 'Ny5$new-pass-1' })).status, 200);
  });

  it('serves Swagger UI at /docs, describing the login routes', async () => {
    assert.equal((await fetch(`${base}/docs`)).status, 200);
    const document = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, object> };
    assert.ok(document.paths['/accounts/login'] && document.paths['/accounts/logout'] && document.paths['/me']);
    assert.ok(document.paths['/accounts/register'] && document.paths['/accounts/verify-registration']);
    assert.ok(document.paths['/accounts/change-password']);
    assert.ok(document.paths['/accounts/send-reset-password-link'] && document.paths['/accounts/reset-password']);
  });
});
