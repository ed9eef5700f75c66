import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChunk, parentOf, previewKind } from '../../web/src/features/run/state/previewKind.js';

describe('previewKind', () => {
  it('picks a preview from the name', () => {
    assert.equal(previewKind('plots/loss.SVG'), 'image');
    assert.equal(previewKind('model/MLmodel'), 'mlmodel');
    assert.equal(previewKind('data/x.tsv'), 'tsv');
    assert.equal(previewKind('logs/stdout'), 'text');
    assert.equal(previewKind('weights.bin'), 'none');
    assert.equal(previewKind('<script>alert(1)</script>.txt'), 'text');
    assert.equal(parentOf('a/b/c.txt'), 'a/b');
    assert.equal(parentOf('c.txt'), '');
  });

  it('drops the cut first line of a tail chunk, but never a whole chunk', () => {
    const bytes = new TextEncoder().encode('ut line\nsecond\nthird\n');
    assert.deepEqual(decodeChunk(bytes, 100), { text: 'second\nthird\n', textStart: 108 });
    assert.deepEqual(decodeChunk(bytes, 0), { text: 'ut line\nsecond\nthird\n', textStart: 0 });
    const noNewline = new TextEncoder().encode('abc');
    assert.deepEqual(decodeChunk(noNewline, 10), { text: 'abc', textStart: 10 });
    const lineEnd = new TextEncoder().encode('\0\0tail of a line\n');
    assert.deepEqual(decodeChunk(lineEnd, 10), { text: '\0\0tail of a line\n', textStart: 10 });
  });
});
