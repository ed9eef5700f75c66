// Issue 10 (data safety): with `links: [hardlink, copy]` a workspace file is its cache object,
// so an in-place append rewrote the committed version's object while status and add said
// nothing. These tests append in place, as `echo … >> file` does (root ignores read-only bits).
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { addPaths } from './add-paths.js';
import { dataCheckout } from './data-checkout.js';
import { dataLs } from './data-ls.js';
import { dataStatus } from './data-status.js';
import { dataVerify } from './data-verify.js';
import { openDataRepo } from './data-repo.js';
import { objectPath } from './object-cache.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

async function hashOf(dir: string, path: string, file: string): Promise<string> {
  const entry = (await dataLs({ path }, { cwd: dir })).entries.find((e) => e.path === file);
  assert.ok(entry, `${path}/${file} is tracked`);
  return entry.hash;
}

describe('a hardlinked file appended to in place', () => {
  const t = createTempGitRepo({ links: '[hardlink, copy]' });
  const opts = { cwd: t.dir };
  let v1 = '';
  let committed = '';
  after(() => t.cleanup());
  before(async () => {
    for (let i = 10; i < 13; i++) t.write(`data/train/s000${i}.csv`, `x,y\n${i},${i * 2}\n`);
    assert.ok((await addPaths(['data/train'], opts)).outcomes[0]?.ok);
    v1 = t.commit('v1');
    committed = await hashOf(t.dir, 'data/train', 's00010.csv');
    assert.equal(statSync(join(t.dir, 'data/train/s00010.csv')).nlink, 2, 'the file is its cache object');
    appendFileSync(join(t.dir, 'data/train/s00010.csv'), '1,2\n');
  });

  it('status reports the committed version\'s object as damaged, naming the file', async () => {
    const res = await dataStatus([], opts);
    const out = res.outcomes[0];
    assert.ok(out?.ok);
    assert.equal(out.state, 'modified');
    assert.deepEqual(out.damaged.map((d) => [d.key, d.paths, d.error.code]), [[committed, ['data/train/s00010.csv'], 'CORRUPTED_OBJECT']]);
    assert.match(out.damaged[0]?.error.message ?? '', /changed in place.*strata data unprotect/);
    assert.equal(res.isClean, false);
  });

  it('add stores the edited content as a new object and keeps flagging the old one', async () => {
    const out = (await addPaths(['data/train'], opts)).outcomes[0];
    assert.ok(out?.ok, JSON.stringify(out));
    assert.deepEqual(out.damaged.map((d) => d.key), [committed]);
    assert.deepEqual(out.restored, []);
    const edited = await hashOf(t.dir, 'data/train', 's00010.csv');
    assert.notEqual(edited, committed, 'the new pointer does not claim the old hash');
    const verified = await dataVerify({}, opts);
    assert.deepEqual(verified.problems.map((p) => [p.key, p.error.code]), [[committed, 'CORRUPTED_OBJECT']], 'the new object is intact');
  });

  it('checkout of the first commit refuses the damaged object instead of placing wrong bytes', async () => {
    t.commit('v2');
    t.git('checkout', '-q', v1);
    const out = (await dataCheckout({}, opts)).outcomes[0];
    assert.ok(out && !out.ok);
    assert.equal(out.error.code, 'CORRUPTED_OBJECT');
    assert.equal(t.read('data/train/s00010.csv'), 'x,y\n10,20\n1,2\n', 'left as it was, not replaced by damaged bytes');
    t.git('checkout', '-q', 'main');
  });
});

describe('damaged-object checks stay quiet when nothing was lost', () => {
  const t = createTempGitRepo({ links: '[hardlink, copy]' });
  const opts = { cwd: t.dir };
  after(() => t.cleanup());

  it('a file replaced by an editor (a new inode) leaves its object intact', async () => {
    t.write('notes/a.txt', 'a1');
    await addPaths(['notes'], opts);
    t.write('notes/a.txt', 'a2');
    const out = (await dataStatus(['notes'], opts)).outcomes[0];
    assert.ok(out?.ok && out.state === 'modified');
    assert.deepEqual(out.damaged, []);
  });

  it('a touched object (new mtime, same bytes) is re-hashed once and found intact', async () => {
    t.write('model.bin', 'weights');
    await addPaths(['model.bin'], opts);
    const object = objectPath(openDataRepo(t.dir), await hashOf(t.dir, 'model.bin', ''));
    utimesSync(object, new Date(), new Date(Date.now() + 5000));
    t.write('model.bin', 'weights v2');
    const hashed: string[] = [];
    const out = (await dataStatus(['model.bin'], { ...opts, hooks: { onHash: (p) => hashed.push(p) } })).outcomes[0];
    assert.ok(out?.ok && out.state === 'modified');
    assert.deepEqual(out.damaged, []);
    assert.equal(hashed.filter((p) => p.startsWith('.strata/cache/')).length, 1, 'the object was checked, not trusted');
  });

  it('an object the new version still needs is stored again from a file that holds its bytes', async () => {
    t.write('dup/a.csv', 'same');
    t.write('dup/b.csv', 'same');
    await addPaths(['dup'], opts);
    const key = await hashOf(t.dir, 'dup', 'a.csv');
    const object = objectPath(openDataRepo(t.dir), key);
    // add linked whichever file came first into the cache; the other stayed a separate copy.
    const linked = ['a.csv', 'b.csv'].find((f) => statSync(join(t.dir, 'dup', f)).ino === statSync(object).ino);
    assert.ok(linked);
    appendFileSync(join(t.dir, 'dup', linked), ' edited');
    const out = (await addPaths(['dup'], opts)).outcomes[0];
    assert.ok(out?.ok, JSON.stringify(out));
    assert.deepEqual(out.restored.map((d) => d.key), [key]);
    assert.deepEqual(out.damaged, []);
    assert.ok(existsSync(object));
    assert.deepEqual((await dataVerify({}, opts)).problems, []);
    assert.equal((await dataStatus(['dup'], opts)).isClean, true);
  });
});
