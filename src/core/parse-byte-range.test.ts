import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatContentRange, parseByteRange } from './parse-byte-range.js';

describe('parseByteRange', () => {
  it('serves the whole body without a header', () => {
    assert.deepEqual(parseByteRange(undefined, 100), { kind: 'full' });
    assert.deepEqual(parseByteRange('', 100), { kind: 'full' });
  });

  it('resolves a closed range', () => {
    assert.deepEqual(parseByteRange('bytes=0-9', 100), { kind: 'partial', start: 0, end: 9 });
    assert.deepEqual(parseByteRange('bytes=99-99', 100), { kind: 'partial', start: 99, end: 99 });
  });

  it('clamps an end past the last byte', () => {
    assert.deepEqual(parseByteRange('bytes=90-1000', 100), { kind: 'partial', start: 90, end: 99 });
  });

  it('resolves an open range', () => {
    assert.deepEqual(parseByteRange('bytes=10-', 100), { kind: 'partial', start: 10, end: 99 });
  });

  it('resolves a suffix range, whole body when longer than it', () => {
    assert.deepEqual(parseByteRange('bytes=-10', 100), { kind: 'partial', start: 90, end: 99 });
    assert.deepEqual(parseByteRange('bytes=-500', 100), { kind: 'partial', start: 0, end: 99 });
  });

  it('reports a start at or past the end as unsatisfiable', () => {
    assert.deepEqual(parseByteRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=0-0', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=-0', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=-5', 0), { kind: 'unsatisfiable' });
  });

  it('ignores ranges it does not serve', () => {
    for (const header of ['items=0-9', 'bytes=0-1,5-6', 'bytes=9-0', 'bytes=-', 'bytes=a-b', 'bytes 0-9']) {
      assert.deepEqual(parseByteRange(header, 100), { kind: 'full' }, header);
    }
  });
});

describe('formatContentRange', () => {
  it('formats a served range and an unsatisfiable one', () => {
    assert.equal(formatContentRange(100, { start: 0, end: 9 }), 'bytes 0-9/100');
    assert.equal(formatContentRange(100), 'bytes */100');
  });
});
