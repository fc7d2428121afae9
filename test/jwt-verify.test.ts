import assert from 'node:assert/strict';
import { createHmac, createSecretKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { JwtService, type JwtSignOptions, type JwtVerifyOptions } from '@nestjs/jwt';
import { type HmacJwtAlgorithm, type HmacJwtVerifyOptions, verifyHmacJwt } from '../lib/jwt/hmac-jwt.js';

/**
 * `verifyHmacJwt` against `jsonwebtoken` (through `@nestjs/jwt`, as the manager verified before):
 * for every token and every set of options both accept or both refuse, and an accepted token gives
 * the same claims. The one intended difference: `jsonwebtoken` returns a payload that is not a JSON
 * object (a string, number or array) as it is, which no claim check accepts; `verifyHmacJwt` refuses it.
 */

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const KEY = createSecretKey(Buffer.from(SECRET));
const OTHER_KEY = createSecretKey(Buffer.from('another-secret-that-is-long-enough-0123456789'));
const NOW = 1_800_000_000;
const jwt = new JwtService({});
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64url');
const DIGEST: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A token over exactly these segments, signed with `key` (any header and payload bytes). */
function handSigned(header: string, payload: string, algorithm = 'HS256', key = KEY): string {
  const input = `${header}.${payload}`;
  return `${input}.${createHmac(DIGEST[algorithm], key).update(input).digest('base64url')}`;
}

/** jsonwebtoken's token; by hand (same header) for claims it refuses to sign, such as `exp: null`. */
function signOrHandSign(claims: Record<string, unknown>, options: JwtSignOptions, algorithm: HmacJwtAlgorithm): string {
  try {
    return jwt.sign(claims, options);
  } catch {
    const key = options.secret as unknown as typeof KEY;
    return handSigned(b64(JSON.stringify({ alg: algorithm, typ: 'JWT' })), b64(JSON.stringify(claims)), algorithm, key);
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPTION_SETS: HmacJwtVerifyOptions[] = [
  { algorithms: ['HS256'] },
  { algorithms: ['HS384'] },
  { algorithms: ['HS512'] },
  { algorithms: ['HS256', 'HS384'] },
  { algorithms: ['HS256'], clockTolerance: 30 },
  { algorithms: ['HS256'], issuer: 'iss-a', audience: 'aud-a' },
  { algorithms: ['HS256'], issuer: ['iss-a', 'iss-b'], audience: ['aud-a', 'aud-b'], subject: '42' },
  { algorithms: ['HS512'], audience: 'aud-b', clockTolerance: 5 },
];

/** Claims drawn from values around the edges of each check. */
function randomClaims(next: () => number): Record<string, unknown> {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const claims: Record<string, unknown> = { jti: `id-${Math.floor(next() * 1e9)}` };
  const add = (name: string, values: readonly unknown[]) => {
    const value = pick(values);
    if (value !== undefined) claims[name] = value;
  };
  add('sub', [undefined, '42', '43', 42]);
  add('iat', [undefined, NOW - 10, NOW + 100, 'yesterday']);
  add('exp', [
    undefined,
    NOW + 60,
    NOW + 1,
    NOW,
    NOW - 1,
    NOW - 5,
    NOW - 6,
    NOW - 29,
    NOW - 30,
    NOW - 31,
    null,
    '1e12',
  ]);
  add('nbf', [undefined, undefined, NOW - 1, NOW, NOW + 1, NOW + 5, NOW + 6, NOW + 30, NOW + 31, null, 'soon']);
  add('iss', [undefined, 'iss-a', 'iss-b', 'iss-c', ['iss-a'], 7]);
  add('aud', [undefined, 'aud-a', 'aud-b', 'aud-c', ['aud-x', 'aud-a'], ['aud-x'], [], 7, ['aud-b', 7]]);
  return claims;
}

/** Every token of the run: signed ones, their manipulations, and hand-made shapes. */
function tokens(): string[] {
  const next = random(15);
  const result: string[] = [];
  const algorithms: HmacJwtAlgorithm[] = ['HS256', 'HS384', 'HS512'];
  for (let i = 0; i < 240; i++) {
    const algorithm = algorithms[i % 3];
    const claims = randomClaims(next);
    const options: JwtSignOptions = {
      secret: (i % 11 === 10 ? OTHER_KEY : KEY) as unknown as string,
      algorithm,
      ...(i % 7 === 0 ? { header: { alg: algorithm, typ: 'JOSE', kid: 'k' } } : {}),
    };
    const token = signOrHandSign(claims, options, algorithm);
    result.push(token);
    if (i % 4 !== 0) continue;
    const [header, payload, signature] = token.split('.');
    const tampered = b64(JSON.stringify({ ...claims, sub: '43', exp: NOW + 3600 }));
    const otherAlgorithm = algorithms[(i + 1) % 3];
    result.push(
      `${header}.${tampered}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${header}.${payload}.${signature.slice(1)}`,
      `${header}.${payload}.`,
      `${header}.${payload}`,
      `${token}.`,
      `.${token}`,
      `${header}..${payload}.${signature}`,
      `${token}.${signature}`,
      `${header}=.${payload}.${signature}`,
      `${header}.${payload}==.${signature}`,
      `${token}=`,
      ` ${token}`,
      `${token}\n`,
      `${header}.${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}`,
      // a character beyond latin1 whose low byte is the right one
      `${header}.${payload}.${signature.slice(0, -1)}${String.fromCharCode(0x100 + signature.charCodeAt(signature.length - 1))}`,
      `${header}.${payload}.${signature}\u0000`,
      // alg none, with and without the original signature
      `${b64('{"alg":"none","typ":"JWT"}')}.${payload}.`,
      `${b64('{"alg":"none","typ":"JWT"}')}.${payload}.${signature}`,
      // the algorithm switched: validly signed under the other one, and the header alone changed
      handSigned(b64(JSON.stringify({ alg: otherAlgorithm, typ: 'JWT' })), payload, otherAlgorithm),
      `${b64(JSON.stringify({ alg: otherAlgorithm, typ: 'JWT' }))}.${payload}.${signature}`,
      handSigned(b64(JSON.stringify({ alg: algorithm.toLowerCase(), typ: 'JWT' })), payload, algorithm),
    );
  }
  // Shapes of header and payload a signer would not make, each validly signed.
  const headers = [
    b64('{"alg":"HS256","typ":"JWT"}'),
    b64('{"alg":"HS256"}'),
    b64('{"alg":"HS256","typ":"jwt"}'),
    `${b64('{"alg":"HS256","typ":"JWT"}')}A`,
    b64('{"alg":"HS256","typ":"JWT","kid":"\u00e9"}'),
    b64(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"alg":"HS256"}')])),
    b64('{"alg":["HS256"]}'),
    b64('{"alg":"HS256","alg":"none"}'),
    b64('{"alg":"none","alg":"HS256"}'),
    b64('"HS256"'),
    b64('["HS256"]'),
    b64('null'),
    b64('0'),
    b64('{}'),
    b64('{"alg":"HS256"'),
    b64('{"alg":"HS256","typ":"JWT"}\n'),
  ];
  const payloads = [
    b64(JSON.stringify({ sub: '42', exp: NOW + 60 })),
    b64(JSON.stringify({ sub: '42', exp: NOW + 60, aud: 'aud-a', iss: 'iss-a' })),
    `${b64(JSON.stringify({ sub: '42' }))}A`,
    b64('123'),
    b64('"a string"'),
    b64('[1,2]'),
    b64('null'),
    b64('true'),
    b64('not json'),
    b64('{"sub":"42"'),
    b64('{"__proto__":{"sub":"42"},"exp":1}'),
    b64(Buffer.from([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    b64('{"sub":"42","exp":1e400}'),
    b64(`{"sub":"42","exp":${NOW + 60},"pad":"${'x'.repeat(200_000)}"}`),
  ];
  for (const header of headers) for (const payload of payloads) result.push(handSigned(header, payload));
  result.push('', 'garbage', 'not.a.jwt', '..', 'a.b.c', 'a.b.c.d', `${b64('{"alg":"HS256"}')}.e30.`);
  return result;
}

type Outcome = { accepted: true; claims: unknown } | { accepted: false };

function jsonwebtokenOutcome(token: string, options: HmacJwtVerifyOptions): Outcome {
  try {
    const claims: unknown = jwt.verify(token, {
      ...(options as unknown as JwtVerifyOptions),
      algorithms: [...options.algorithms],
      secret: KEY as unknown as string,
    });
    // What no claim check can accept: the one intended difference.
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { accepted: false };
    return { accepted: true, claims };
  } catch {
    return { accepted: false };
  }
}

function ourOutcome(token: string, options: HmacJwtVerifyOptions): Outcome {
  try {
    return { accepted: true, claims: verifyHmacJwt(token, KEY, options) };
  } catch {
    return { accepted: false };
  }
}

describe('verifyHmacJwt decides as jsonwebtoken does', () => {
  it('on signed, expired, not yet valid, tampered, switched, padded, dotted and malformed tokens', () => {
    const all = tokens();
    let accepted = 0;
    let refused = 0;
    for (const options of OPTION_SETS) {
      const acceptedBefore = accepted;
      const withClock = { ...options, clockTimestamp: NOW };
      for (const token of all) {
        const expected = jsonwebtokenOutcome(token, withClock);
        const ours = ourOutcome(token, withClock);
        assert.deepEqual(ours, expected, `${JSON.stringify(options)} ${token.slice(0, 300)}`);
        if (expected.accepted) accepted++;
        else refused++;
      }
      // Every set of options accepts some tokens, so each check is seen passing as well as failing.
      assert.ok(accepted - acceptedBefore >= 3, `${JSON.stringify(options)} accepted ${accepted - acceptedBefore}`);
    }
    assert.ok(accepted > 150 && refused > 10_000, `accepted ${accepted}, refused ${refused}`);
  });

  it('on the current time, without clockTimestamp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: object, options: JwtSignOptions = {}) =>
      jwt.signAsync(claims, { secret: KEY as unknown as string, ...options });
    const cases: Array<[string, boolean]> = [
      [await sign({ sub: '1' }, { expiresIn: 100 }), true],
      [await sign({ sub: '1' }, { expiresIn: -100 }), false],
      [await sign({ sub: '1' }, { notBefore: 100 }), false],
      [await sign({ sub: '1', nbf: now - 100, exp: now + 100 }), true],
      [await sign({ sub: '1', exp: now - 100 }), false],
    ];
    for (const [token, valid] of cases) {
      const expected = jsonwebtokenOutcome(token, { algorithms: ['HS256'] });
      assert.equal(expected.accepted, valid);
      assert.deepEqual(ourOutcome(token, { algorithms: ['HS256'] }), expected);
    }
  });

  it('refuses every token for an empty audience or issuer list, as jsonwebtoken does', () => {
    const token = jwt.sign({ sub: '1', aud: 'a', iss: 'i' }, { secret: KEY as unknown as string });
    for (const options of [
      { algorithms: ['HS256'], audience: [] },
      { algorithms: ['HS256'], issuer: [] },
    ] as HmacJwtVerifyOptions[]) {
      assert.deepEqual(ourOutcome(token, options), { accepted: false });
      assert.deepEqual(jsonwebtokenOutcome(token, options), { accepted: false });
    }
  });
});
