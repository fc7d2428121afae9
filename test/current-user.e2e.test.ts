import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { CurrentUser, TokenAuthGuard } from 'nestjs-rest-registration';
import { createTestApp, type TestApp } from './support/app.js';
import { User } from './support/entities.js';

/** The typed `@CurrentUser()` examples of the README and docs/recipes.md, compiled with the suite. */
@Controller('typed')
@UseGuards(TokenAuthGuard)
class TypedController {
  @Get('whole')
  whole(@CurrentUser() user: User): { username: string; hasPassword: boolean } {
    return { username: user.username, hasPassword: typeof user.password === 'string' };
  }

  @Get('parts')
  parts(
    @CurrentUser<User>('id') id: User['id'],
    @CurrentUser<User>('email') email: User['email'],
    @CurrentUser('isActive') active: boolean,
  ): { id: number; email: string | null; active: boolean } {
    return { id, email, active };
  }

  @Get('checked')
  // @ts-expect-error -- `emial` is not a property of User: the type argument makes the compiler say so.
  checked(@CurrentUser<User>('emial') email: string): { email: string } {
    return { email };
  }
}

describe('@CurrentUser()', () => {
  let t: TestApp;
  let token: string;
  let id: number;

  before(async () => {
    t = await createTestApp({ controllers: [TypedController] });
    id = (await t.addUser({ username: 'alice', email: 'alice@example.com' })).id as number;
    token = await t.login('alice');
  });
  after(() => t.close());

  it('gives the user the guard authenticated', async () => {
    const response = await t.http.get('/typed/whole').set('Authorization', `Token ${token}`);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { username: 'alice', hasPassword: true });
  });

  it('gives one property of it, by name', async () => {
    const response = await t.http.get('/typed/parts').set('Authorization', `Token ${token}`);
    assert.deepEqual(response.body, { id, email: 'alice@example.com', active: true });
  });

  it('gives undefined for a property the user does not have (the compiler refuses it with a type argument)', async () => {
    const response = await t.http.get('/typed/checked').set('Authorization', `Token ${token}`);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {});
  });
});
