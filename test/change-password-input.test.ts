import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPasswordField } from '../lib/change-password/index.js';

describe('readPasswordField (DRF CharField for passwords)', () => {
  it('answers the messages of a missing, null, non-string or blank value by key', () => {
    assert.deepEqual(readPasswordField({}, 'password'), [{ key: 'fieldRequired' }]);
    assert.deepEqual(readPasswordField({ password: null }, 'password'), [{ key: 'fieldNull' }]);
    for (const value of [true, [], {}, ['x'], Number.NaN])
      assert.deepEqual(readPasswordField({ password: value }, 'password'), [{ key: 'fieldNotAString' }]);
    assert.deepEqual(readPasswordField({ password: '' }, 'password'), [{ key: 'fieldBlank' }]);
  });

  it('keeps the value as sent: numbers become text, white space stays', () => {
    assert.equal(readPasswordField({ password: 12345678 }, 'password'), '12345678');
    assert.equal(readPasswordField({ password: '  spaced out  ' }, 'password'), '  spaced out  ');
    assert.equal(readPasswordField({ password: '   ' }, 'password'), '   ');
  });

  it('refuses NUL and lone surrogate characters, as DRF does', () => {
    assert.deepEqual(readPasswordField({ password: 'a\u0000b' }, 'password'), [{ key: 'fieldNullCharacters' }]);
    assert.deepEqual(readPasswordField({ password: 'a\ud800b' }, 'password'), [
      { key: 'fieldSurrogateCharacters', params: { code_point: 'U+D800' } },
    ]);
    assert.equal(readPasswordField({ password: 'emoji \ud83d\ude00' }, 'password'), 'emoji \ud83d\ude00');
  });

  it('reads only own keys', () => {
    const body = Object.create({ password: 'inherited' }) as Record<string, unknown>;
    assert.deepEqual(readPasswordField(body, 'password'), [{ key: 'fieldRequired' }]);
  });
});
