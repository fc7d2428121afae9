import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addRegistrationToDocument } from 'nestjs-rest-registration/swagger';
import { createTestApp } from './support/app.js';

type Operation = { operationId?: string; responses: Record<string, unknown>; security?: unknown[] };

describe('OpenAPI document with profile served', () => {
  it('describes GET, PUT, PATCH and POST of the profile with every status, and nothing more', async () => {
    const t = await createTestApp({ extras: { routes: ['login', 'logout', 'profile'] } });
    try {
      const made = () => SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
      const document = addRegistrationToDocument(made(), { routes: ['login', 'logout', 'profile'] });
      const paths = document.paths as Record<string, Record<string, Operation>>;
      assert.deepEqual(Object.keys(paths['/accounts/profile']), ['get', 'put', 'patch', 'post']);
      assert.deepEqual(Object.keys(paths['/accounts/profile'].get.responses).sort(), ['200', '401', '405', '503']);
      for (const method of ['put', 'patch', 'post'])
        assert.deepEqual(Object.keys(paths['/accounts/profile'][method].responses).sort(), [
          '200',
          '400',
          '401',
          '403',
          '405',
          '413',
          '415',
          '503',
        ]);
      assert.equal(paths['/accounts/profile'].patch.operationId, 'registrationProfilePatch');
      assert.ok(document.components!.schemas!.RegistrationUserProfile);
      assert.equal(document.components!.schemas!.RegistrationRegisterRequest, undefined, 'register is not served');
      const without = addRegistrationToDocument(made());
      assert.notEqual(without.paths['/accounts/profile']?.get?.operationId, 'registrationProfileGet');
    } finally {
      await t.close();
    }
  });
});
