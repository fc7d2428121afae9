import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  buildDefaultVerificationUrl,
  pickleSortedPairs,
  registerEmailSalt,
  registerSalt,
  resetPasswordSalt,
  SignatureExpired,
  SignatureInvalid,
  signData,
  signatureOf,
  verifySignedData,
} from '../lib/verification/index.js';
import { python, pythonMissing } from './support/python.js';

/** The `SECRET_KEY` of the upstream server the recordings were made with. */
const PEER_KEY = 'peer-only-7Hq2vXk9LmP4sRt8WzY3bNc6DfG1jK5oQeU0aIyTx';
const keys = { secretKey: PEER_KEY };

/** Signatures upstream e-mailed or made (section 5, section 4 and transcript 11.1). */
const VECTORS: Array<{ salt: string; data: Record<string, string | number>; signature: string }> = [
  {
    salt: 'register',
    data: { user_id: '4', timestamp: 1796216860 },
    signature: 'R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM',
  },
  {
    salt: 'register',
    data: { user_id: '4', timestamp: 1795525668 },
    signature: 'EtqK_FCgMeFtJh6AgsCcOtPaGTo4jkf2GxFfkmICcrk',
  },
  {
    salt: 'register',
    data: { user_id: '4', timestamp: 1795612130 },
    signature: 'nsOYv1Df4vDNI1D0Z98tpyKFQqnEe7kplSNou8s4xn0',
  },
  {
    salt: 'register',
    data: { user_id: '6', timestamp: 1827752873 },
    signature: 'rjYAQMZVojs-ImuICXVcU7SnNkU1kHTJ7ROo2QoYJyo',
  },
  {
    salt: 'register',
    data: { user_id: '999', timestamp: 1796216877 },
    signature: 'r35k6KyTnVQ5z4AdJuphbjJStPYcxiGzOU25ApE9ZvE',
  },
  {
    salt: 'register',
    data: { user_id: 'abc', timestamp: 1796216879 },
    signature: 'R5Xfgsx8-OTu31fInl6Xntocn0o_Y-a_FHCUQ9XveW4',
  },
  {
    salt: 'register',
    data: { user_id: '2', timestamp: 1796216881 },
    signature: 'sU3AMd7zIXYll3oYs-DzCNuKTuZ8_t10ydaoigiXfsQ',
  },
  {
    salt: 'reset-password',
    data: { user_id: '4', timestamp: 1796216886 },
    signature: 'rDTeRk_JpCGydKtvtmH06PybK0bdl0PCAdvTO4DJyQU',
  },
  {
    salt: 'reset-password',
    data: { user_id: '3', timestamp: 1796216887 },
    signature: 'ARBXf3NzjeugdoZmq2pf9FGGtdupfKJXrDKNZMaBD3o',
  },
  // Configuration (i-b), one-time use: the salt holds the verification flag (transcript 11.2 #3, #7, #8).
  {
    salt: 'register:False',
    data: { user_id: '4', timestamp: 1796216958 },
    signature: 'JHMjFx0TzsMuUiYlqnGgMeb1DL4SLhrqezy15zw-a2w',
  },
  {
    salt: 'register:False',
    data: { user_id: '2', timestamp: 1796216959 },
    signature: 'lvvbqHV8vmhXjr3Z0vrVLBIX_yTV_7L2gyLag6j0Qjo',
  },
  {
    salt: 'register:True',
    data: { user_id: '2', timestamp: 1796216962 },
    signature: 'EZB9bSVJTKTc_CK3sMviR161sOL30hlR4vJPawAehGQ',
  },
  {
    salt: 'register-email',
    data: { user_id: '1', email: 'alice.new@example.com', timestamp: 1796216906 },
    signature: 'ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA',
  },
];

/** Signs each case with Python's hmac, hashlib and pickle, as Django's Signer and DRR do. */
const PYTHON_SIGNER = `
import base64, hashlib, hmac, json, pickle, sys
out = []
for case in json.load(sys.stdin):
    value = pickle.dumps(sorted((str(k), str(v)) for k, v in case['data'].items()), protocol=4)
    key = hashlib.sha256((case['salt'] + 'signer' + case['secret']).encode()).digest()
    digest = hmac.new(key, msg=value, digestmod=hashlib.sha256).digest()
    out.append({'pickle': value.hex(), 'signature': base64.urlsafe_b64encode(digest).rstrip(b'=').decode()})
print(json.dumps(out))
`;

describe('verification: Django-compatible signatures', () => {
  it('pickles the sorted pairs byte for byte as section 5 shows', () => {
    assert.equal(
      pickleSortedPairs({ user_id: '4', timestamp: 1796216860 }).toString('hex'),
      '80049530000000000000005d94288c0974696d657374616d70948c0a313739363231363836309486948c07757365725f6964948c0134948694652e',
    );
    assert.equal(
      pickleSortedPairs({ user_id: '1', email: 'alice.new@example.com', timestamp: 1796216906 }).toString('hex'),
      '80049552000000000000005d94288c05656d61696c948c15616c6963652e6e6577406578616d706c652e636f6d9486948c0974696d657374616d70948c0a313739363231363930369486948c07757365725f6964948c0131948694652e',
    );
  });

  it('reproduces every signature upstream made', () => {
    for (const { salt, data, signature } of VECTORS) assert.equal(signatureOf(data, salt, PEER_KEY), signature, salt);
  });

  it('signs as upstream: user_id, [email], timestamp, signature in that order', () => {
    const signed = signData({ user_id: 1, email: 'alice.new@example.com' }, registerEmailSalt(), keys, 1796216906);
    assert.deepEqual(Object.keys(signed), ['user_id', 'email', 'timestamp', 'signature']);
    assert.equal(signed.signature, 'ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA');
    const url = buildDefaultVerificationUrl({
      flow: 'register-email',
      baseUrl: 'https://frontend.example/verify-email/',
      data: signed,
      user: {},
    });
    assert.equal(
      url,
      'https://frontend.example/verify-email/?user_id=1&email=alice.new%40example.com&timestamp=1796216906&signature=ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA',
    );
    const register = signData({ user_id: 4 }, registerSalt(false), keys, 1796216860);
    assert.equal(
      buildDefaultVerificationUrl({
        flow: 'register',
        baseUrl: 'https://frontend.example/verify-user/',
        data: register,
        user: {},
      }),
      'https://frontend.example/verify-user/?user_id=4&timestamp=1796216860&signature=R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM',
    );
  });

  it(
    'round trip: what Python signs verifies here, and the reverse, for awkward values',
    { skip: pythonMissing },
    () => {
      const cases = [
        ...VECTORS.map(({ salt, data }) => ({ salt, data, secret: PEER_KEY })),
        { salt: registerSalt(true, false), data: { user_id: '7', timestamp: 1 }, secret: 'k'.repeat(40) },
        {
          salt: resetPasswordSalt(true, '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'),
          data: { user_id: 'x', timestamp: 2 },
          secret: 'sécret-ключ-🔑',
        },
        {
          salt: 'register-email',
          data: { user_id: '1', email: 'ü'.repeat(200) + '@example.com', timestamp: 3 },
          secret: 's',
        },
        { salt: 'register', data: { user_id: '1', email: '1', timestamp: 4 }, secret: 's' },
        { salt: 'register', data: { user_id: '', email: '', other: 'é', more: 'é', timestamp: 5 }, secret: 's' },
        { salt: 'register', data: { b: 'z', a: 'z', ab: 'a', A: '\u{1F600}', ﬀ: 'x' }, secret: 's' },
      ];
      const expected = python<Array<{ pickle: string; signature: string }>>(PYTHON_SIGNER, cases);
      cases.forEach((testCase, index) => {
        assert.equal(
          pickleSortedPairs(testCase.data).toString('hex'),
          expected[index].pickle,
          JSON.stringify(testCase),
        );
        assert.equal(signatureOf(testCase.data, testCase.salt, testCase.secret), expected[index].signature);
      });
      const signed = signData({ user_id: 42 }, registerSalt(true, false), { secretKey: 'k'.repeat(40) }, 1796216860);
      const [python1] = python<Array<{ signature: string }>>(PYTHON_SIGNER, [
        {
          salt: 'register:False',
          data: { user_id: signed.user_id, timestamp: signed.timestamp },
          secret: 'k'.repeat(40),
        },
      ]);
      assert.equal(signed.signature, python1.signature);
    },
  );
});

describe('verification: derived keys kept per salt and secret', () => {
  it('200 secrets over three salts, twice each: every signature is the one computed from scratch', () => {
    const expected = (salt: string, secret: string, value: Buffer) => {
      const key = createHash('sha256').update(`${salt}signer`).update(secret).digest();
      return createHmac('sha256', key).update(value).digest('base64url');
    };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 200; i++) {
        for (const salt of [registerSalt(true, false), resetPasswordSalt(false), registerEmailSalt()]) {
          const secret = `secret-${i}-${'x'.repeat(32)}`;
          const data = { user_id: String(i), timestamp: '1796216860' };
          assert.equal(signatureOf(data, salt, secret), expected(salt, secret, pickleSortedPairs(data)));
        }
      }
    }
  });
});

describe('verification: verifying signed data', () => {
  const dave = { user_id: '4', timestamp: '1796216860', signature: 'R_D8seGvmkuWNtvQ-5ixDqP-0zhrHBGfuESwQd3x3DM' };
  const now = 1796216860 + 100;
  const options = { ...keys, salt: 'register', period: 7 * 86400, now };

  it('accepts the e-mailed link and refuses tampered ones with "Invalid signature"', () => {
    verifySignedData(dave, options);
    for (const tampered of [
      { ...dave, user_id: '6' },
      { ...dave, timestamp: '1796216861' },
      { ...dave, signature: 'A'.repeat(43) },
      { ...dave, signature: dave.signature.slice(1) },
      { ...dave, signature: '' },
    ]) {
      assert.throws(
        () => verifySignedData(tampered, options),
        (error: unknown) => {
          assert.ok(error instanceof SignatureInvalid);
          assert.deepEqual(error.getResponse(), { detail: 'Invalid signature' });
          assert.equal(error.getStatus(), 400);
          return true;
        },
      );
    }
  });

  it("refuses another flow's signature (row 50) and another one-time state", () => {
    const reset = { user_id: '4', timestamp: '1796216886', signature: 'rDTeRk_JpCGydKtvtmH06PybK0bdl0PCAdvTO4DJyQU' };
    assert.throws(() => verifySignedData(reset, options), SignatureInvalid);
    verifySignedData(reset, { ...options, salt: 'reset-password' });
    const once = signData({ user_id: 9 }, registerSalt(true, false), keys, now);
    verifySignedData(once, { ...options, salt: registerSalt(true, false) });
    assert.throws(() => verifySignedData(once, { ...options, salt: registerSalt(true, true) }), SignatureInvalid);
    assert.equal(registerSalt(true, false), 'register:False');
    assert.equal(resetPasswordSalt(true, 'pbkdf2_sha256$260000$x'), 'reset-password:pbkdf2_sha256$260000$x');
  });

  it('expires strictly after the period; the future is accepted; null never expires', () => {
    const expired = { user_id: '4', timestamp: '1795525668', signature: 'EtqK_FCgMeFtJh6AgsCcOtPaGTo4jkf2GxFfkmICcrk' };
    assert.throws(
      () => verifySignedData(expired, options),
      (error: unknown) => {
        assert.ok(error instanceof SignatureExpired);
        assert.deepEqual(error.getResponse(), { detail: 'Signature expired' });
        return true;
      },
    );
    verifySignedData(expired, { ...options, period: null });
    verifySignedData(dave, { ...options, period: 100 });
    assert.throws(() => verifySignedData(dave, { ...options, period: 99 }), SignatureExpired);
    verifySignedData(dave, { ...options, now: 1 });
    // A tampered and expired link says "Invalid signature": the signature is checked first.
    assert.throws(() => verifySignedData({ ...expired, user_id: '5' }, options), SignatureInvalid);
  });

  it('signs with secretKey and verifies with it or any of secretKeyFallbacks', () => {
    const signed = signData({ user_id: 4 }, 'register', { secretKey: 'new-key' }, now);
    verifySignedData(signed, { ...options, secretKey: 'new-key' });
    verifySignedData(dave, { ...options, secretKey: 'new-key', secretKeyFallbacks: ['older', PEER_KEY] });
    assert.throws(
      () => verifySignedData(dave, { ...options, secretKey: 'new-key', secretKeyFallbacks: ['older'] }),
      SignatureInvalid,
    );
    assert.equal(
      signData({ user_id: 4 }, 'register', { secretKey: PEER_KEY, secretKeyFallbacks: ['x'] }, 1796216860).signature,
      dave.signature,
    );
  });
});
