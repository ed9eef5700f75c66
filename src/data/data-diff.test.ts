import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { addPaths } from './add-paths.js';
import { dataDiff } from './data-diff.js';
import { dataLs } from './data-ls.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

describe('dataDiff and dataLs', () => {
  const t = createTempGitRepo();
  const opts = { cwd: t.dir };
  let first = '';
  let second = '';
  after(() => t.cleanup());
  before(async () => {
    t.write('data/a.txt', 'a');
    t.write('data/b.txt', 'b');
    t.write('model.bin', 'm1');
    await addPaths(['data', 'model.bin'], opts);
    first = t.commit('v1');
    t.write('data/a.txt', 'a changed');
    t.remove('data/b.txt');
    t.write('data/c/new.txt', 'new');
    t.write('model.bin', 'm22');
    await addPaths(['data', 'model.bin'], opts);
    second = t.commit('v2');
  });

  it('lists added, deleted and modified files with sizes between two commits', async () => {
    const res = await dataDiff({ revA: first, revB: second }, opts);
    assert.deepEqual(res.errors, []);
    assert.deepEqual(res.changes, [
      { path: 'data/a.txt', change: 'modified', oldSize: 1, newSize: 9 },
      { path: 'data/b.txt', change: 'deleted', oldSize: 1 },
      { path: 'data/c/new.txt', change: 'added', newSize: 3 },
      { path: 'model.bin', change: 'modified', oldSize: 2, newSize: 3 },
    ]);
  });

  it('filters by path', async () => {
    const res = await dataDiff({ revA: first, revB: second, paths: ['model.bin'] }, opts);
    assert.deepEqual(res.changes.map((c) => c.path), ['model.bin']);
  });

  it('compares a revision with the data in the workspace', async () => {
    assert.deepEqual((await dataDiff({}, opts)).changes, []);
    t.write('data/d.txt', 'dd');
    const res = await dataDiff({ revA: 'HEAD' }, opts);
    assert.equal(res.to, 'workspace');
    assert.deepEqual(res.changes, [{ path: 'data/d.txt', change: 'added', newSize: 2 }]);
  });

  it('an unknown revision is a git error', async () => {
    await assert.rejects(dataDiff({ revA: 'no-such-rev' }, opts), { code: 'GIT_ERROR' });
  });

  it('ls lists a directory at a revision and now', async () => {
    const old = await dataLs({ path: 'data', rev: first }, opts);
    assert.deepEqual(old.entries.map((e) => e.path), ['a.txt', 'b.txt']);
    const now = await dataLs({ path: 'data' }, opts);
    assert.deepEqual(now.entries.map((e) => [e.path, e.size]), [['a.txt', 9], ['c/new.txt', 3]]);
    await assert.rejects(dataLs({ path: 'nothing', rev: first }, opts), { code: 'PATH_NOT_FOUND' });
  });
});
