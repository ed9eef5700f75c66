// runCli takes the folder a command runs in from its caller: `strata data …` acts on that
// folder's repository and starts relative paths there, whatever the process's own folder is.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';

async function strataIn(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(argv, {}, cwd, io);
  return { code, stdout, stderr };
}

describe('strata data runs in the folder runCli is given', () => {
  const first = createTempGitRepo({ init: false });
  const second = createTempGitRepo({ init: false });
  after(() => {
    first.cleanup();
    second.cleanup();
  });

  it('init, add and status act on that folder, not on process.cwd()', async () => {
    for (const dir of [first.dir, second.dir]) assert.ok(relative(dir, process.cwd()).startsWith('..'), 'the test runs outside both repositories');
    assert.equal((await strataIn(first.dir, 'data', 'init')).code, 0);
    assert.equal((await strataIn(second.dir, 'data', 'init')).code, 0);
    first.write('data/a.csv', 'a\n');

    const added = await strataIn(first.dir, 'data', 'add', 'data');
    assert.equal(added.code, 0, added.stderr);
    assert.ok(existsSync(join(first.dir, 'data.strata')), 'the relative path started in the given folder');

    const here = JSON.parse((await strataIn(first.dir, 'data', 'status', '--json')).stdout) as { outcomes: unknown[] };
    const there = JSON.parse((await strataIn(second.dir, 'data', 'status', '--json')).stdout) as { outcomes: unknown[] };
    assert.equal(here.outcomes.length, 1);
    assert.deepEqual(there.outcomes, [], 'the other repository tracks nothing');
  });
});
