import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { readAllPointerBlobs } from './git-reader.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

const t = createTempGitRepo();
after(() => t.cleanup());

it('readAllPointerBlobs skips the .strata/ folder, a tree whose name ends in .strata', () => {
  t.write('data.strata', 'version: 1\n');
  t.commit('a pointer and .strata/config');
  assert.deepEqual(readAllPointerBlobs(t.dir), ['version: 1\n']);
});
