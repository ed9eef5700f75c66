import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPaths } from './add-paths.js';
import { dataCheckout } from './data-checkout.js';
import { dataStatus } from './data-status.js';
import { dataVerify } from './data-verify.js';
import { openDataRepo } from './data-repo.js';
import { objectPath } from './object-cache.js';
import { createTempGitRepo, type TempGitRepo } from '../../test/helpers/temp-git-repo.js';

async function twoVersions(t: TempGitRepo): Promise<{ v1: string; v2: string }> {
  t.write('data/a.txt', 'a1');
  t.write('data/b.txt', 'b1');
  t.write('run.sh', '#!/bin/sh\n');
  chmodSync(join(t.dir, 'run.sh'), 0o755);
  await addPaths(['data', 'run.sh'], { cwd: t.dir });
  const v1 = t.commit('v1');
  t.write('data/a.txt', 'a2');
  t.write('data/c.txt', 'c2');
  await addPaths(['data'], { cwd: t.dir });
  const v2 = t.commit('v2');
  return { v1, v2 };
}

for (const links of ['[hardlink, copy]', '[copy]']) {
  describe(`dataCheckout (links ${links})`, () => {
    const t = createTempGitRepo({ links });
    const opts = { cwd: t.dir };
    let v1 = '';
    after(() => t.cleanup());
    before(async () => {
      ({ v1 } = await twoVersions(t));
    });

    it('restores deleted files', async () => {
      t.remove('data/a.txt');
      t.remove('run.sh');
      const res = await dataCheckout({}, opts);
      assert.ok(res.outcomes.every((o) => o.ok), JSON.stringify(res));
      assert.equal(t.read('data/a.txt'), 'a2');
      assert.equal(t.read('run.sh'), '#!/bin/sh\n');
      if (links === '[copy]') {
        assert.equal(statSync(join(t.dir, 'run.sh')).mode & 0o777, 0o755, 'copies keep the executable bit');
        assert.equal(statSync(join(t.dir, 'data/a.txt')).nlink, 1);
      }
      assert.equal((await dataStatus([], opts)).isClean, true);
    });

    it('switches versions after git checkout, removing files the old version lacks', async () => {
      t.git('checkout', '-q', v1);
      const res = await dataCheckout({}, opts);
      assert.ok(res.outcomes.every((o) => o.ok), JSON.stringify(res));
      assert.equal(t.read('data/a.txt'), 'a1');
      assert.equal(existsSync(join(t.dir, 'data/c.txt')), false);
      t.git('checkout', '-q', 'main');
      await dataCheckout({}, opts);
      assert.equal(t.read('data/c.txt'), 'c2');
    });

    it('refuses to overwrite local changes that are not in the cache, unless forced', async () => {
      t.write('data/a.txt', 'my precious edit');
      t.write('data/extra.txt', 'also mine');
      const res = await dataCheckout({ paths: ['data'] }, opts);
      const out = res.outcomes[0];
      assert.ok(out && !out.ok);
      assert.equal(out.error.code, 'LOCAL_CHANGES');
      assert.deepEqual(out.conflicts?.sort(), ['a.txt', 'extra.txt']);
      assert.equal(t.read('data/a.txt'), 'my precious edit', 'nothing touched');
      const forced = await dataCheckout({ paths: ['data'], force: true }, opts);
      assert.ok(forced.outcomes[0]?.ok);
      assert.equal(t.read('data/a.txt'), 'a2');
      assert.equal(existsSync(join(t.dir, 'data/extra.txt')), false);
    });
  });
}

describe('corrupted cache objects', () => {
  const t = createTempGitRepo();
  const opts = { cwd: t.dir };
  after(() => t.cleanup());

  it('are found by verify and refused by checkout', async () => {
    await twoVersions(t);
    const repo = openDataRepo(t.dir);
    const pointer = t.read('data.strata');
    assert.ok(pointer.includes('files: 3'));
    const ls = (await import('./data-ls.js')).dataLs;
    const entry = (await ls({ path: 'data' }, opts)).entries.find((e) => e.path === 'a.txt');
    assert.ok(entry);
    // What root editing a hardlinked file in place does: the object changes under its name.
    const object = objectPath(repo, entry.hash);
    chmodSync(object, 0o644);
    writeFileSync(object, 'bit rot');
    const verified = await dataVerify({}, opts);
    assert.deepEqual(verified.problems.map((p) => [p.key, p.error.code]), [[entry.hash, 'CORRUPTED_OBJECT']]);

    t.remove('data/a.txt');
    t.remove('data/b.txt');
    const res = await dataCheckout({ paths: ['data'] }, opts);
    const out = res.outcomes[0];
    assert.ok(out && !out.ok);
    assert.equal(out.error.code, 'CORRUPTED_OBJECT');
    assert.equal(existsSync(join(t.dir, 'data/a.txt')), false, 'the corrupted object was not placed');
    assert.equal(t.read('data/b.txt'), 'b1', 'good objects still are');

    const removed = await dataVerify({ remove: true }, opts);
    assert.deepEqual(removed.removed, [entry.hash]);
    assert.equal(existsSync(object), false);
  });
});
