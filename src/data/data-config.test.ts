import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { DEFAULT_LINKS, readConfig } from './data-config.js';
import { openDataRepo } from './data-repo.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

describe('data config links', () => {
  const t = createTempGitRepo();
  after(() => t.cleanup());

  it('init writes reflink-or-copy: hardlinks (workspace file = cache object) are opt-in', () => {
    const { configPath } = openDataRepo(t.dir);
    assert.deepEqual(DEFAULT_LINKS, ['reflink', 'copy']);
    assert.match(t.read('.strata/config'), /^ {2}links: \[reflink, copy\]$/m);
    assert.deepEqual(readConfig(configPath).links, ['reflink', 'copy']);
  });

  it('a config without cache.links gets the default; an explicit hardlink list is kept', () => {
    const { configPath } = openDataRepo(t.dir);
    writeFileSync(configPath, 'version: 1\nremotes: {}\n');
    assert.deepEqual(readConfig(configPath).links, ['reflink', 'copy']);
    writeFileSync(configPath, 'version: 1\ncache:\n  links: [hardlink, copy]\n');
    assert.deepEqual(readConfig(configPath).links, ['hardlink', 'copy']);
  });
});
