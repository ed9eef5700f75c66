import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snakeCaseKeys } from './snake-case-keys.js';

describe('snakeCaseKeys', () => {
  it('renames keys at every depth and leaves values alone', () => {
    assert.deepEqual(
      snakeCaseKeys({ isClean: false, outcomes: [{ oldSize: 1, path: 'dataSet/fileName', error: null }], removedBytes: 0 }),
      { is_clean: false, outcomes: [{ old_size: 1, path: 'dataSet/fileName', error: null }], removed_bytes: 0 },
    );
    assert.deepEqual(snakeCaseKeys(['aB', 3]), ['aB', 3]);
  });
});
