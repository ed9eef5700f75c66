import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { addPaths } from './add-paths.js';
import { dataCheckout } from './data-checkout.js';
import { dataGc } from './data-gc.js';
import { dataLs } from './data-ls.js';
import { openDataRepo } from './data-repo.js';
import { listObjects } from './object-cache.js';
import { manifestKey } from './object-key.js';
import { createTempGitRepo, type TempGitRepo } from '../../test/helpers/temp-git-repo.js';

/** Two commits of `data` (a1 then a2, b in both), then an added but never committed file. */
async function twoCommits(t: TempGitRepo): Promise<{ v1: string; v1Objects: string[] }> {
  const opts = { cwd: t.dir };
  t.write('data/a.txt', 'a1');
  t.write('data/b.txt', 'b');
  await addPaths(['data'], opts);
  const v1 = t.commit('v1');
  const listing = await dataLs({ path: 'data' }, opts);
  const a1 = listing.entries.find((e) => e.path === 'a.txt')?.hash ?? '';
  t.write('data/a.txt', 'a2');
  await addPaths(['data'], opts);
  t.commit('v2');
  t.write('scratch.bin', 'never committed');
  await addPaths(['scratch.bin'], opts);
  t.remove('scratch.bin.strata');
  return { v1, v1Objects: [a1, manifestKey(listing.pointer.hash)].sort() };
}

describe('dataGc', () => {
  const t = createTempGitRepo();
  const opts = { cwd: t.dir };
  const objects = () => listObjects(openDataRepo(t.dir));
  let v1 = '';
  let v1Objects: string[] = [];
  after(() => t.cleanup());
  before(async () => {
    ({ v1, v1Objects } = await twoCommits(t));
    assert.equal(objects().size, 6, 'a1, a2, b, two manifests, scratch');
  });

  it('by default keeps every committed version: the dry run would remove only the uncommitted object', async () => {
    const dry = await dataGc({ dryRun: true }, opts);
    assert.equal(dry.isDryRun, true);
    assert.equal(dry.removed.length, 1);
    assert.ok(!dry.removed.some((k) => v1Objects.includes(k)), 'the first commit\'s objects stay');
    assert.equal(objects().size, 6, 'a dry run removes nothing');
  });

  it('by default removes only what no commit and no pointer in the work tree needs', async () => {
    const real = await dataGc({}, opts);
    assert.equal(real.removed.length, 1);
    assert.ok(real.removedBytes > 0);
    for (const key of v1Objects) assert.ok(objects().has(key), key);
  });

  it('keeps the objects of a commit that only another branch or a tag reaches', async () => {
    t.git('checkout', '-q', '-b', 'experiment');
    t.write('data/a.txt', 'a3');
    await addPaths(['data'], opts);
    t.commit('v3 on a branch');
    t.git('tag', 'v3');
    t.git('checkout', '-q', 'main');
    await dataCheckout({}, opts);
    t.git('branch', '-q', '-D', 'experiment');
    assert.deepEqual((await dataGc({ dryRun: true }, opts)).removed, [], 'the tag keeps v3');
  });

  it('checks out the first commit after gc', async () => {
    t.git('checkout', '-q', v1);
    const res = await dataCheckout({}, opts);
    assert.ok(res.outcomes.every((o) => o.ok), JSON.stringify(res));
    assert.equal(t.read('data/a.txt'), 'a1');
    t.git('checkout', '-q', 'main');
    assert.ok((await dataCheckout({}, opts)).outcomes.every((o) => o.ok));
  });

  it('--workspace-only removes what only older commits need', async () => {
    const dry = await dataGc({ scope: 'workspace-only', dryRun: true }, opts);
    const real = await dataGc({ scope: 'workspace-only' }, opts);
    assert.deepEqual(real.removed, dry.removed);
    for (const key of v1Objects) assert.ok(real.removed.includes(key), key);
    assert.equal(objects().size, 3, 'a2, b and the work tree\'s manifest');
  });
});
