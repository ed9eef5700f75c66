import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePointer, serializePointer } from './pointer-file.js';

const hash = 'a'.repeat(64);

describe('pointer files', () => {
  it('round-trips a directory pointer', () => {
    const p = { version: 1, algo: 'blake3', hash, size: 10, files: 2, path: 'data' };
    assert.deepEqual(parsePointer(serializePointer(p), 'data.strata'), p);
  });

  for (const [what, text] of [
    ['not YAML', 'version: [1\n'],
    ['a list', '- 1\n'],
    ['a future version', `version: 2\nalgo: blake3\nhash: ${hash}\nsize: 1\npath: x\n`],
    ['another algorithm', `version: 1\nalgo: md5\nhash: ${hash}\nsize: 1\npath: x\n`],
    ['a short hash', 'version: 1\nalgo: blake3\nhash: abc\nsize: 1\npath: x\n'],
    ['a negative size', `version: 1\nalgo: blake3\nhash: ${hash}\nsize: -1\npath: x\n`],
    ['a path with a folder', `version: 1\nalgo: blake3\nhash: ${hash}\nsize: 1\npath: a/x\n`],
  ]) {
    it(`rejects ${what}, naming the file and the fix`, () => {
      assert.throws(() => parsePointer(text as string, 'x.strata'), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'INVALID_POINTER');
        assert.match(err.message, /^x\.strata: invalid pointer file .*git checkout -- x\.strata/);
        return true;
      });
    });
  }
});
