import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { addRemote, listRemotes, removeRemote, setDefaultRemote } from './data-remotes.js';
import { initDataRepo, openDataRepo } from './data-repo.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

describe('remotes in .strata/config', () => {
  const t = createTempGitRepo();
  const opts = { cwd: t.dir };
  after(() => t.cleanup());

  it('adds, lists, sets the default and removes, keeping hand-written comments', () => {
    addRemote('backup', '/mnt/backup', false, opts);
    addRemote('nas', '../nas-store', false, opts);
    assert.deepEqual(listRemotes(opts), [
      { name: 'backup', url: '/mnt/backup', isDefault: true },
      { name: 'nas', url: '../nas-store', isDefault: false },
    ]);
    setDefaultRemote('nas', opts);
    assert.equal(listRemotes(opts).find((r) => r.isDefault)?.name, 'nas');
    removeRemote('nas', opts);
    assert.deepEqual(listRemotes(opts).map((r) => [r.name, r.isDefault]), [['backup', false]]);
    assert.match(t.read('.strata/config'), /# How files are placed/);
  });

  it('refuses duplicates, unknown names and bad names', () => {
    assert.throws(() => addRemote('backup', '/x', false, opts), { code: 'REMOTE_EXISTS' });
    assert.throws(() => removeRemote('nope', opts), { code: 'REMOTE_NOT_FOUND' });
    assert.throws(() => addRemote('bad name', '/x', false, opts), { code: 'INVALID_CONFIG' });
    assert.throws(() => addRemote('x', 'ftp://host/x', false, opts), /unknown remote scheme ftp:\/\//);
  });

  it('init is idempotent and a repo without it says what to do', () => {
    assert.equal(initDataRepo(t.dir).created, false);
    const bare = createTempGitRepo({ init: false });
    try {
      assert.throws(() => openDataRepo(bare.dir), /run `strata data init`/);
      assert.equal(bare.read('.git/HEAD').length > 0, true);
    } finally {
      bare.cleanup();
    }
  });
});
