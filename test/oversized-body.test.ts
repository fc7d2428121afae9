import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { assertContractResponse } from './support/contract-shape.js';
import { createFuzzTarget, type FuzzTarget } from './support/fuzz-app.js';
import { buildRequest, rawRequest } from './support/raw-http.js';

// Express: body-parser (limit 100 kB by default) reads an oversized body off the socket and discards it
// instead of keeping it; these tests pin the answer on the module's routes: 413 with the contract's body.
// (Not an `.e2e.` suite: the raw-socket cases and the gzip bomb are about Express's parser.)
const BIG = 2 * 1024 * 1024;

describe('oversized bodies', () => {
  let target: FuzzTarget;
  before(async () => {
    target = await createFuzzTarget();
  });
  after(() => target.t.close());

  const cases: Array<[string, string, Buffer, string[], boolean]> = [
    [
      'JSON with Content-Length',
      'application/json',
      Buffer.from(`{"login":"${'a'.repeat(BIG)}","password":"x"}`),
      [],
      false,
    ],
    ['JSON, chunked', 'application/json', Buffer.from(`{"login":"alice","password":"${'p'.repeat(BIG)}"}`), [], true],
    [
      'form-urlencoded',
      'application/x-www-form-urlencoded',
      Buffer.from(`login=alice&password=${'p'.repeat(BIG)}`),
      [],
      false,
    ],
    [
      'a gzip bomb (small on the wire, 20 MB inflated)',
      'application/json',
      gzipSync(Buffer.alloc(20 * BIG, 0x20)),
      ['Content-Encoding: gzip'],
      false,
    ],
  ];

  for (const path of ['/accounts/login', '/accounts/logout']) {
    for (const [name, type, body, headers, chunked] of cases) {
      it(`${path}: 413 with {"detail": ...} for ${name}`, async () => {
        const response = await rawRequest(
          target.port,
          buildRequest({ method: 'POST', path, headers: [`Content-Type: ${type}`, ...headers], body, chunked }),
        );
        assert.equal(response.status, 413);
        const parsed = assertContractResponse(response, { method: 'POST' });
        assert.deepEqual(parsed, { detail: 'Request body is too large.' });
        assert.ok(response.body.length < 200, 'the body is not echoed');
        await target.assertUnchanged(name);
      });
    }
  }
});
