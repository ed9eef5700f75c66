import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPaths } from './add-paths.js';
import { openDataRepo } from './data-repo.js';
import { objectPath } from './object-cache.js';
import { manifestKey } from './object-key.js';
import { readPointerFile } from './pointer-file.js';
import { dataStatus } from './data-status.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

describe('dataStatus', () => {
  const t = createTempGitRepo();
  const hashed: string[] = [];
  const opts = { cwd: t.dir, hooks: { onHash: (p: string) => hashed.push(p) } };
  after(() => t.cleanup());
  before(async () => {
    t.write('data/a.txt', 'a');
    t.write('data/sub/b.txt', 'b');
    t.write('data/c.txt', 'c');
    t.write('notes.txt', 'n');
    await addPaths(['data', 'notes.txt'], opts);
    hashed.length = 0;
  });

  it('is clean right after add, without hashing anything again', async () => {
    const res = await dataStatus([], opts);
    assert.equal(res.isClean, true);
    assert.deepEqual(res.outcomes.map((o) => o.ok && o.state), ['unchanged', 'unchanged']);
    assert.deepEqual(hashed, []);
  });

  it('a folder unchanged since add is answered from its listing alone, without reading its manifest', async () => {
    const manifest = objectPath(openDataRepo(t.dir), manifestKey(readPointerFile(join(t.dir, 'data.strata'), 'data.strata').hash));
    renameSync(manifest, `${manifest}.away`);
    try {
      const res = await dataStatus(['data'], opts);
      assert.deepEqual(res.outcomes.map((o) => o.ok && o.state), ['unchanged']);
    } finally {
      renameSync(`${manifest}.away`, manifest);
    }
  });

  it('a changed mode bit alone sends the folder down the file-by-file path, which still finds it clean', async () => {
    chmodSync(join(t.dir, 'data/c.txt'), 0o555);
    const res = await dataStatus(['data'], opts);
    assert.deepEqual(res.outcomes.map((o) => o.ok && o.state), ['unchanged']);
    assert.deepEqual(hashed, []);
    chmodSync(join(t.dir, 'data/c.txt'), 0o444);
  });

  it('reports modified, added and deleted files inside a directory', async () => {
    t.write('data/a.txt', 'a2');
    t.write('data/sub/new.txt', 'new');
    t.remove('data/c.txt');
    const res = await dataStatus(['data'], opts);
    const out = res.outcomes[0];
    assert.ok(out?.ok);
    assert.equal(out.state, 'modified');
    assert.deepEqual(
      out.changes.map((c) => [c.path, c.change]),
      [['data/a.txt', 'modified'], ['data/c.txt', 'deleted'], ['data/sub/new.txt', 'added']],
    );
    assert.deepEqual(hashed.sort(), ['data/a.txt', 'data/sub/new.txt'], 'only new stamps are hashed');
  });

  it('state cache: a second status hashes nothing', async () => {
    hashed.length = 0;
    await dataStatus(['data'], opts);
    assert.deepEqual(hashed, []);
  });

  it('reports a deleted file target', async () => {
    t.remove('notes.txt');
    const res = await dataStatus(['notes.txt.strata'], opts);
    assert.deepEqual(res.outcomes.map((o) => o.ok && o.state), ['deleted']);
  });

  it('a hand-mangled pointer fails alone, naming the file and the fix', async () => {
    writeFileSync(join(t.dir, 'notes.txt.strata'), 'version: 1\nalgo: blake3\nhash: nonsense\n');
    const res = await dataStatus([], opts);
    const bad = res.outcomes.find((o) => o.path === 'notes.txt');
    assert.ok(bad && !bad.ok);
    assert.equal(bad.error.code, 'INVALID_POINTER');
    assert.match(bad.error.message, /notes\.txt\.strata.*git checkout -- notes\.txt\.strata/);
    const good = res.outcomes.find((o) => o.path === 'data');
    assert.ok(good?.ok);
    assert.equal(res.isClean, false);
  });
});
