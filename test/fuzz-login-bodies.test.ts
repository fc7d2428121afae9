import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { assertContractResponse } from './support/contract-shape.js';
import { createFuzzTarget, type FuzzTarget } from './support/fuzz-app.js';
import { buildRequest, rawRequest } from './support/raw-http.js';

// Property-based: generated login bodies never give a 5xx, always the contract's body, and a failed
// login leaves every table as it was. Most inputs fail validation (cheap); one property is bounded
// because its inputs reach the password hasher (~15 ms each).

const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\t\n',
    'alice',
    ' alice ',
    'ALICE',
    'alice@example.com',
    'bob',
    '__proto__',
    'constructor',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const loginBody = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('login', 'password', '__proto__', 'constructor', 'detail')),
    anyValue,
  ),
  fc.record({ login: anyValue, password: anyValue }, { requiredKeys: [] }),
  fc.record({ login: anyValue, password: anyValue, extra: anyValue, revoke_token: anyValue }),
);

describe('fuzz: login bodies', () => {
  let target: FuzzTarget;
  before(async () => {
    target = await createFuzzTarget();
  });
  after(() => target.t.close());

  async function post(body: Buffer | string, contentType: string, what: string): Promise<void> {
    const response = await rawRequest(
      target.port,
      buildRequest({ method: 'POST', path: '/accounts/login', headers: [`Content-Type: ${contentType}`], body }),
    );
    const parsed = assertContractResponse(response, { method: 'POST' });
    if (response.status === 200) {
      assert.equal((parsed as { detail: string }).detail, 'Login successful');
      await target.snapshot();
    } else {
      await target.assertUnchanged(what);
    }
  }

  it('JSON bodies of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(loginBody, async (body) => {
        const text = JSON.stringify(body) ?? 'null';
        await post(text, 'application/json', text);
      }),
      { numRuns: 1200, includeErrorInReport: true },
    );
  });

  it('form-urlencoded bodies, nested and repeated keys included', async () => {
    const key = fc.oneof(
      fc.constantFrom('login', 'password', 'login[]', 'login[a]', 'password[0]', '__proto__[x]'),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, fc.string({ unit: 'binary' })), { maxLength: 6 }), async (pairs) => {
        const text = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        await post(text, 'application/x-www-form-urlencoded', text);
      }),
      { numRuns: 600, includeErrorInReport: true },
    );
  });

  it('arbitrary bytes declared as JSON in various charsets', async () => {
    const charset = fc.constantFrom(
      '',
      '; charset=utf-8',
      '; charset=UTF-16',
      '; charset=utf-16le',
      '; charset=utf-32',
      '; charset=latin1',
      '; charset=koi8-r',
      '; charset=bogus',
      '; charset=',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
        ),
        charset,
        async (bytes, cs) => {
          await post(
            Buffer.from(bytes),
            `application/json${cs}`,
            `${cs} ${Buffer.from(bytes).toString('hex').slice(0, 80)}`,
          );
        },
      ),
      { numRuns: 800, includeErrorInReport: true },
    );
  });

  it('string credentials that reach the password hasher (bounded)', async () => {
    const credential = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(credential, fc.constantFrom('alice', 'bob', 'alice@example.com')),
        credential,
        async (login, password) => {
          const text = JSON.stringify({ login, password });
          await post(text, 'application/json', text);
        },
      ),
      { numRuns: 120, includeErrorInReport: true },
    );
  });
});
