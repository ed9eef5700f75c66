import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addPaths } from './add-paths.js';
import { dataStatus } from './data-status.js';
import { dataVerify } from './data-verify.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';
import { unprotectPaths } from './unprotect-paths.js';

describe('unprotectPaths (links: [hardlink, copy])', () => {
  const t = createTempGitRepo({ links: '[hardlink, copy]' });
  const hashed: string[] = [];
  const opts = { cwd: t.dir, hooks: { onHash: (p: string) => hashed.push(p) } };
  const stat = (rel: string) => statSync(join(t.dir, rel));
  after(() => t.cleanup());
  before(async () => {
    t.write('data/a.csv', 'a\n');
    t.write('data/sub/b.csv', 'b\n');
    t.write('run.sh', '#!/bin/sh\n');
    chmodSync(join(t.dir, 'run.sh'), 0o755);
    await addPaths(['data', 'run.sh'], opts);
    t.commit('v1');
    assert.equal(stat('data/a.csv').nlink, 2, 'added as links to the cache');
  });

  it('replaces one file inside a tracked folder by a private writable copy', async () => {
    const { outcomes } = await unprotectPaths(['data/a.csv'], opts);
    assert.deepEqual(outcomes, [{ ok: true, path: 'data/a.csv', copied: 1, madeWritable: 0 }]);
    assert.equal(stat('data/a.csv').nlink, 1);
    assert.notEqual(stat('data/a.csv').mode & 0o200, 0);
    assert.equal(stat('data/sub/b.csv').nlink, 2, 'the rest of the folder is untouched');
  });

  it('an in-place edit after unprotect leaves the cache intact', async () => {
    appendFileSync(join(t.dir, 'data/a.csv'), '1,2\n');
    assert.deepEqual((await dataVerify({}, opts)).problems, []);
    const out = (await dataStatus(['data'], opts)).outcomes[0];
    assert.ok(out?.ok);
    assert.deepEqual(out.changes.map((c) => [c.path, c.change]), [['data/a.csv', 'modified']]);
    assert.deepEqual(out.damaged, []);
  });

  it('unprotects whole tracked paths, keeps executable bits, and status re-reads nothing it knew', async () => {
    hashed.length = 0;
    const { outcomes } = await unprotectPaths(['data', 'run.sh.strata'], opts);
    assert.deepEqual(outcomes, [
      { ok: true, path: 'data', copied: 1, madeWritable: 0 },
      { ok: true, path: 'run.sh', copied: 1, madeWritable: 0 },
    ]);
    assert.equal(stat('run.sh').mode & 0o777, 0o755);
    const res = await dataStatus(['run.sh'], opts);
    assert.equal(res.isClean, true);
    assert.deepEqual(hashed, [], 'the copies carry the hashes their links had');
  });

  it('refuses untracked and missing paths', async () => {
    t.write('loose.txt', 'x');
    t.remove('data/sub/b.csv');
    const { outcomes } = await unprotectPaths(['loose.txt', 'data/sub/b.csv'], opts);
    assert.deepEqual(outcomes.map((o) => (o.ok ? 'ok' : o.error.code)), ['NOT_TRACKED', 'PATH_NOT_FOUND']);
  });
});
