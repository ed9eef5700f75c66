import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { addPaths } from './add-paths.js';
import { dataLs } from './data-ls.js';
import { dataVerify } from './data-verify.js';
import { openDataRepo } from './data-repo.js';
import { objectPath } from './object-cache.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

describe('dataVerify', () => {
  const t = createTempGitRepo();
  const opts = { cwd: t.dir };
  after(() => t.cleanup());

  it('re-hashes every object, even one whose stamp the state cache still trusts', async () => {
    t.write('data/a.txt', 'alpha');
    t.write('data/b.txt', 'bravo');
    const out = (await addPaths(['data'], opts)).outcomes[0];
    assert.ok(out?.ok);
    const first = await dataVerify({}, opts);
    assert.deepEqual(first, { checked: 3, problems: [], removed: [] });

    // Same size, same inode, mtime put back: nothing but the bytes tells the change.
    const hash = (await dataLs({ path: 'data' }, opts)).entries.find((e) => e.path === 'a.txt')?.hash ?? '';
    const object = objectPath(openDataRepo(t.dir), hash);
    const before = statSync(object);
    chmodSync(object, 0o644);
    writeFileSync(object, 'ALPHA');
    utimesSync(object, before.atime, before.mtime);
    const second = await dataVerify({}, opts);
    assert.deepEqual(second.problems.map((p) => [p.key, p.error.code]), [[hash, 'CORRUPTED_OBJECT']]);
  });
});
