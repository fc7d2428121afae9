import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Throttled } from '../lib/errors/throttled.exception.js';

describe('Throttled (429)', () => {
  it('words the wait as DRF does, in whole seconds, rounding up', () => {
    assert.deepEqual(new Throttled(42).getResponse(), {
      detail: 'Request was throttled. Expected available in 42 seconds.',
    });
    assert.deepEqual(new Throttled(1).getResponse(), {
      detail: 'Request was throttled. Expected available in 1 second.',
    });
    assert.equal(new Throttled(0.2).wait, 1);
    assert.equal(new Throttled(0).wait, 1);
    assert.equal(new Throttled(41.1).wait, 42);
    assert.equal(new Throttled(5).getStatus(), 429);
  });
});
