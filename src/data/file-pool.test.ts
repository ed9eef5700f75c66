import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hashPath } from './file-ops.js';
import { FilePool, makeBatches } from './file-pool.js';

describe('FilePool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-pool-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a large job on the calling thread and a worker, with results in input order', async () => {
    const paths: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const path = join(dir, `f${i}`);
      writeFileSync(path, `file ${i} `.repeat(i % 50));
      paths.push(path);
    }
    paths.push(join(dir, 'missing'));
    const pool = new FilePool(2);
    try {
      const results = await pool.map(paths.map((p) => ({ item: p, size: 100 })), (batch) => ({ op: 'hash', paths: batch }));
      assert.equal(results.length, paths.length);
      results.slice(0, -1).forEach((r, i) => {
        assert.ok(r.ok);
        assert.equal(r.file.hash, hashPath(paths[i] as string).hash);
      });
      assert.equal(results.at(-1)?.ok, false);
    } finally {
      await pool.close();
    }
  });

  it('batches by count and by bytes', () => {
    const small = Array.from({ length: 600 }, (_, i) => ({ item: i, size: 10 }));
    assert.deepEqual(makeBatches(small).map((b) => b.length), [256, 256, 88]);
    const big = Array.from({ length: 3 }, (_, i) => ({ item: i, size: 20 << 20 }));
    assert.deepEqual(makeBatches(big).map((b) => b.length), [1, 1, 1]);
  });
});
