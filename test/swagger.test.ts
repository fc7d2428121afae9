/**
 * The OpenAPI document a host builds with `@nestjs/swagger` and `nestjs-rest-registration/swagger`:
 * login, logout and csrf with their bodies, every error status of the contract, and the token schemes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { addRegistrationToDocument } from 'nestjs-rest-registration/swagger';
import { createTestApp, ProfileController, type TestApp } from './support/app.js';

type Operation = {
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<
    string,
    { content?: Record<string, { schema: Record<string, unknown> }>; headers?: Record<string, unknown> }
  >;
  security?: Record<string, string[]>[];
};

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  const op = (path: string, method: string) => (document.paths[path] as Record<string, Operation>)[method];

  before(async () => {
    t = await createTestApp({ controllers: [ProfileController], extras: { urlPrefix: 'api/auth' } });
    const config = new DocumentBuilder().setTitle('host').build();
    document = addRegistrationToDocument(SwaggerModule.createDocument(t.app, config), {
      urlPrefix: 'api/auth',
      sessionLogin: true,
    });
  });
  after(() => t.close());

  it('lists login, logout and csrf under the urlPrefix, only with their real methods', () => {
    assert.deepEqual(Object.keys(document.paths['/api/auth/login']), ['post']);
    assert.deepEqual(Object.keys(document.paths['/api/auth/logout']), ['post']);
    assert.deepEqual(Object.keys(document.paths['/api/auth/csrf']), ['get']);
    assert.ok(document.paths['/profile'], "the host's own routes stay");
  });

  it('leaves csrf out without sessionLogin: in token-only mode it answers 404', async () => {
    const config = new DocumentBuilder().setTitle('host').build();
    const tokenOnly = addRegistrationToDocument(SwaggerModule.createDocument(t.app, config), { urlPrefix: 'api/auth' });
    assert.deepEqual(Object.keys(tokenOnly.paths).sort(), ['/api/auth/login', '/api/auth/logout', '/profile']);
    assert.equal((await t.http.get('/api/auth/csrf')).status, 404);
  });

  it('describes the login body and answers', () => {
    const login = op('/api/auth/login', 'post');
    assert.deepEqual(Object.keys(login.requestBody!.content).sort(), [
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
    const request = document.components!.schemas!.RegistrationLoginRequest as {
      required: string[];
      properties: object;
    };
    assert.deepEqual(request.required, ['login', 'password']);
    assert.deepEqual(Object.keys(request.properties), ['login', 'password']);
    const ok = document.components!.schemas!.RegistrationLoginResponse as { required: string[]; properties: object };
    assert.deepEqual(ok.required, ['detail']);
    assert.deepEqual(Object.keys(ok.properties), ['detail', 'token']);
    assert.deepEqual(Object.keys(login.responses).sort(), ['200', '400', '403', '405', '413', '415', '429', '503']);
    assert.ok(login.responses['429'].headers?.['Retry-After'], 'login is throttled by default');
    assert.deepEqual(login.responses['400'].content!['application/json'].schema, {
      oneOf: [
        { $ref: '#/components/schemas/RegistrationDetail' },
        { $ref: '#/components/schemas/RegistrationFieldErrors' },
      ],
    });
    assert.ok(login.responses['405'].headers?.Allow);
    assert.deepEqual(login.security, []);
  });

  it('describes logout with its flags, 401 and the token security schemes', () => {
    const logout = op('/api/auth/logout', 'post');
    const body = document.components!.schemas!.RegistrationLogoutRequest as { properties: object };
    assert.deepEqual(Object.keys(body.properties), ['revoke_token', 'revoke_all_tokens']);
    assert.deepEqual(Object.keys(logout.responses).sort(), ['200', '400', '401', '403', '405', '413', '415', '503']);
    assert.ok(logout.responses['401'].headers?.['WWW-Authenticate']);
    assert.deepEqual(logout.security, [{ token: [] }, { bearer: [] }, {}]);
    assert.deepEqual(document.components!.securitySchemes, {
      token: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'DRF style: `Authorization: Token <key>`, the key as login returned it.',
      },
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: '`Authorization: Bearer <key>` (the same key, or a JWT).',
      },
    });
  });

  it('leaves 429 out with throttled: false (loginThrottle: false), and honours a global prefix', async () => {
    const again = addRegistrationToDocument(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()), {
      globalPrefix: '/v1/',
      urlPrefix: 'api/auth',
      throttled: false,
    });
    const login = (again.paths['/v1/api/auth/login'] as Record<string, Operation>).post;
    assert.equal(login.responses['429'], undefined);
    assert.ok(login.responses['503']);
  });

  it('csrf answers 404 when session login is off, and 429 when throttled per address', () => {
    assert.deepEqual(Object.keys(op('/api/auth/csrf', 'get').responses).sort(), ['200', '404', '429']);
  });

  it('the package root, and even the swagger entry, load without @nestjs/swagger', () => {
    // Resolution of @nestjs/swagger is blocked for the child process.
    const loader = `data:text/javascript,${encodeURIComponent(
      `export async function resolve(s, c, n) { if (s.startsWith('@nestjs/swagger')) throw new Error('blocked ' + s); return n(s, c); }`,
    )}`;
    const script = `import { register } from 'node:module'; register(${JSON.stringify(loader)});
      if (await import('@nestjs/swagger').then(() => true, () => false)) process.exit(2);
      const root = await import('nestjs-rest-registration'); if (!root.RegistrationModule) process.exit(3);
      const swagger = await import('nestjs-rest-registration/swagger');
      if (typeof swagger.addRegistrationToDocument !== 'function') process.exit(4);`;
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, stdio: 'pipe' });
  });
});

describe('OpenAPI document with register and verify-registration served', () => {
  it('describes register, verify-registration and the redirect with every status', async () => {
    const t = await createTestApp({
      extras: { routes: 'all' },
      settings: {
        registerVerificationEnabled: false,
        registerEmailVerificationEnabled: false,
        resetPasswordVerificationEnabled: false,
      },
    });
    try {
      const document = addRegistrationToDocument(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()), {
        routes: 'all',
      });
      const paths = document.paths as Record<string, Record<string, Operation>>;
      assert.deepEqual(Object.keys(paths['/accounts/register']), ['post']);
      assert.deepEqual(Object.keys(paths['/accounts/register'].post.responses).sort(), [
        '201',
        '400',
        '404',
        '405',
        '413',
        '415',
        '429',
        '503',
      ]);
      assert.deepEqual(Object.keys(paths['/accounts/verify-registration'].post.responses).sort(), [
        '200',
        '400',
        '403',
        '404',
        '405',
        '413',
        '415',
        '429',
        '503',
      ]);
      assert.deepEqual(Object.keys(paths['/accounts/verification-redirects/verify-registration']), ['get']);
      assert.ok(document.components!.schemas!.RegistrationVerifyRequest);
      assert.deepEqual(Object.keys(paths['/accounts/register-email'].post.responses).sort(), [
        '200',
        '400',
        '401',
        '403',
        '405',
        '413',
        '415',
        '429',
        '503',
      ]);
      assert.ok(paths['/accounts/verify-email'].post.responses['404']);
      assert.deepEqual(Object.keys(paths['/accounts/verification-redirects/verify-email']), ['get']);
      assert.ok(document.components!.schemas!.RegistrationVerifyEmailRequest);
      const plain = addRegistrationToDocument(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()));
      assert.notEqual(
        plain.paths['/accounts/register']?.post?.operationId,
        'registrationRegister',
        'left as Nest made it',
      );
    } finally {
      await t.close();
    }
  });
});

describe('OpenAPI document with change-password served', () => {
  it('describes change-password with every status, only when served', async () => {
    const t = await createTestApp({ extras: { routes: ['login', 'logout', 'change-password'] } });
    try {
      const create = () => SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
      const document = addRegistrationToDocument(create(), { routes: ['login', 'logout', 'change-password'] });
      const paths = document.paths as Record<string, Record<string, Operation>>;
      assert.deepEqual(Object.keys(paths['/accounts/change-password']), ['post']);
      const operation = paths['/accounts/change-password'].post;
      assert.equal((operation as { operationId?: string }).operationId, 'registrationChangePassword');
      assert.deepEqual(Object.keys(operation.responses).sort(), [
        '200',
        '400',
        '401',
        '403',
        '405',
        '413',
        '415',
        '429',
        '503',
      ]);
      assert.ok(document.components!.schemas!.RegistrationChangePasswordRequest);
      const plain = addRegistrationToDocument(create());
      assert.notEqual(plain.paths['/accounts/change-password']?.post?.operationId, 'registrationChangePassword');
      assert.equal(plain.components!.schemas!.RegistrationChangePasswordRequest, undefined);
    } finally {
      await t.close();
    }
  });
});

describe('OpenAPI document with the reset-password routes served', () => {
  it('describes send-reset-password-link, reset-password and the form redirect', async () => {
    const t = await createTestApp({
      extras: { routes: ['login', 'logout', 'send-reset-password-link', 'reset-password'] },
      settings: { resetPasswordVerificationEnabled: false },
    });
    try {
      const document = addRegistrationToDocument(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()), {
        routes: ['login', 'logout', 'send-reset-password-link', 'reset-password'],
      });
      const paths = document.paths as Record<string, Record<string, Operation>>;
      const statuses = ['200', '400', '404', '405', '413', '415', '429', '503'];
      assert.deepEqual(Object.keys(paths['/accounts/send-reset-password-link'].post.responses).sort(), statuses);
      assert.deepEqual(Object.keys(paths['/accounts/reset-password'].post.responses).sort(), statuses);
      assert.deepEqual(Object.keys(paths['/accounts/verification-redirects/reset-password']), ['post']);
      assert.ok(document.components!.schemas!.RegistrationResetPasswordRequest);
      assert.equal(paths['/accounts/register'], undefined);
    } finally {
      await t.close();
    }
  });
});
