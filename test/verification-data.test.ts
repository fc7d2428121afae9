import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationFailed } from '../lib/errors/exceptions.js';
import { parseVerificationData } from '../lib/verification/index.js';

async function fieldErrors(body: unknown): Promise<unknown> {
  try {
    await parseVerificationData(body);
  } catch (error) {
    assert.ok(error instanceof ValidationFailed);
    return error.getResponse();
  }
  return 'valid';
}

describe('verification: the {user_id, timestamp, signature} body', () => {
  it('answers the field errors of transcript rows 34 to 36 in upstream order', async () => {
    assert.deepEqual(await fieldErrors({}), {
      user_id: ['This field is required.'],
      timestamp: ['This field is required.'],
      signature: ['This field is required.'],
    });
    assert.deepEqual(await fieldErrors({ user_id: '', timestamp: null, signature: '' }), {
      user_id: ['This field may not be blank.'],
      timestamp: ['This field may not be null.'],
      signature: ['This field may not be blank.'],
    });
    assert.deepEqual(await fieldErrors({ user_id: '4', timestamp: 'abc', signature: 'x' }), {
      timestamp: ['A valid integer is required.'],
    });
    for (const timestamp of [true, 1.5, [1], { a: 1 }, '1e3', '', '1__0', '_1'])
      assert.deepEqual(await fieldErrors({ user_id: '4', timestamp, signature: 'x' }), {
        timestamp: ['A valid integer is required.'],
      });
    assert.deepEqual(await fieldErrors({ user_id: '4', timestamp: '1'.repeat(1001), signature: 'x' }), {
      timestamp: ['String value too large.'],
    });
    assert.deepEqual(await fieldErrors([]), {
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
  });

  it('reads JSON numbers and integer text as Python does (row 49: user_id 4)', async () => {
    assert.deepEqual(await parseVerificationData({ user_id: 4, timestamp: '1796216860', signature: 's', foo: 1 }), {
      user_id: '4',
      timestamp: '1796216860',
      signature: 's',
    });
    for (const [input, canonical] of [
      [1796216860, '1796216860'],
      [' 1796216860 ', '1796216860'],
      ['+0017_96216860', '1796216860'],
      ['12.000', '12'],
      ['-0', '0'],
      ['-12', '-12'],
      ['9'.repeat(40), '9'.repeat(40)],
    ] as const) {
      const parsed = await parseVerificationData({ user_id: ' 4 ', timestamp: input, signature: 's' });
      assert.equal(parsed.timestamp, canonical, String(input));
      assert.equal(parsed.user_id, '4');
    }
  });
});
