import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { getRequestAuth, setRequestAuth } from '../lib/auth-token/request-auth.js';

describe('the request authentication slot', () => {
  it('is read back, replaced, and unseen by spreading, JSON and util.inspect', () => {
    const request = new IncomingMessage(new Socket());
    assert.equal(getRequestAuth(request), undefined);
    const auth = { user: { id: 1 }, token: 'nrr_secret-token-value' };
    setRequestAuth(request, auth);
    assert.equal(getRequestAuth(request), auth);
    const next = { user: { id: 1 }, session: true };
    setRequestAuth(request, next);
    assert.equal(getRequestAuth(request), next);
    setRequestAuth(request, auth);
    assert.doesNotMatch(inspect(request, { depth: 4, showHidden: true }), /secret-token-value/);
    assert.equal(getRequestAuth({ ...request }), undefined);
    assert.doesNotMatch(JSON.stringify({ ...request, socket: undefined, client: undefined }), /secret-token-value/);
    assert.equal(getRequestAuth({}), undefined);
  });
});
