import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { addPaths } from './add-paths.js';
import { dataGc } from './data-gc.js';
import { openDataRepo } from './data-repo.js';
import { listObjects } from './object-cache.js';
import { createTempGitRepo } from './temp-git-repo.js';

describe('dataGc', () => {
  const t = createTempGitRepo();
  const opts = { cwd: t.dir };
  after(() => t.cleanup());
  const count = () => listObjects(openDataRepo(t.dir)).size;

  it('keeps what the workspace or history needs, per scope, and dry-runs first', async () => {
    t.write('data/a.txt', 'a1');
    t.write('data/b.txt', 'b');
    await addPaths(['data'], opts);
    t.commit('v1');
    t.write('data/a.txt', 'a2');
    await addPaths(['data'], opts);
    t.commit('v2');
    t.write('scratch.bin', 'never committed');
    await addPaths(['scratch.bin'], opts);
    t.remove('scratch.bin.strata');
    assert.equal(count(), 6, 'a1, a2, b, two manifests, scratch');

    const history = await dataGc({ scope: 'all-commits' }, opts);
    assert.equal(history.removed.length, 1, 'only the uncommitted scratch object');
    assert.equal(count(), 5);

    const dry = await dataGc({ dryRun: true }, opts);
    assert.equal(dry.isDryRun, true);
    assert.equal(dry.removed.length, 2, 'v1 manifest and a1');
    assert.equal(dry.removedBytes > 0, true);
    assert.equal(count(), 5, 'a dry run removes nothing');

    const real = await dataGc({ scope: 'workspace' }, opts);
    assert.deepEqual(real.removed, dry.removed);
    assert.equal(count(), 3);
  });
});
