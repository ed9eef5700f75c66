// The `strata data` commands run in-process on a temp git repository, as a person would
// run them: output, stderr and the error that runCli turns into exit code 1.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContext } from '../../cli-context.js';
import { createTempGitRepo } from '../../../../test/helpers/temp-git-repo.js';
import { registerDataCommands } from './register-data-commands.js';

/** Runs `strata data <args>` in `dir` (the context's folder, not the process's). */
async function runIn(dir: string, args: string[]): Promise<{ stdout: string; stderr: string; error?: Error }> {
  let stdout = '';
  let stderr = '';
  const ctx = new CliContext({}, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, dir);
  const program = new Command('strata').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerDataCommands(program, ctx);
  try {
    await program.parseAsync(['data', ...args], { from: 'user' });
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, error: error as Error };
  }
}

describe('strata data commands', () => {
  const t = createTempGitRepo({ init: false });
  const remote = mkdtempSync(join(tmpdir(), 'strata-cli-remote-'));
  const run = (args: string[]) => runIn(t.dir, args);
  after(() => {
    t.cleanup();
    rmSync(remote, { recursive: true, force: true });
  });

  it('init, add, status, push, verify, ls', async () => {
    assert.match((await run(['init'])).stdout, /initialised/);
    t.write('data/a.txt', 'a');
    t.write('data/b.txt', 'bb');
    assert.match((await run(['add', 'data'])).stdout, /added data \(3 B, 2 files\) -> data\.strata/);
    assert.match((await run(['status'])).stdout, /in sync/);
    t.write('data/a.txt', 'changed');
    const status = await run(['status', '--json']);
    assert.equal(JSON.parse(status.stdout).outcomes[0].changes[0].path, 'data/a.txt');
    assert.match((await run(['remote', 'add', 'origin', remote])).stdout, /the default/);
    assert.match((await run(['push'])).stdout, /pushed 3 object\(s\)/);
    assert.match((await run(['verify'])).stdout, /checked 3 object\(s\): 0 problem/);
    assert.match((await run(['ls', 'data'])).stdout, /a\.txt/);
    t.commit('v1');
    assert.match((await run(['diff'])).stdout, /modified +data\/a\.txt \(1 B -> 7 B\)/);
  });

  it('fails with a clear message for bad input', async () => {
    const missing = await run(['add', 'nope.txt']);
    assert.match(missing.stderr, /PATH_NOT_FOUND: nope\.txt: no such file or directory/);
    assert.match(missing.error?.message ?? '', /1 of 1 paths failed/);
    writeFileSync(join(t.dir, 'data.strata'), 'garbage: [');
    const bad = await run(['status']);
    assert.match(bad.stderr, /INVALID_POINTER: data\.strata: invalid pointer file/);
    assert.ok(bad.error);
    const ftp = await run(['remote', 'add', 'cloud', 'ftp://host/x']);
    assert.match(ftp.error?.message ?? '', /unknown remote scheme ftp:\/\//);
  });
});

describe('strata data gc and push --all-commits', () => {
  const t = createTempGitRepo({ init: false });
  const remote = mkdtempSync(join(tmpdir(), 'strata-cli-remote-'));
  const run = (args: string[]) => runIn(t.dir, args);
  after(() => {
    t.cleanup();
    rmSync(remote, { recursive: true, force: true });
  });

  it('gc keeps older commits unless --workspace-only; push --all-commits sends them', async () => {
    await run(['init']);
    t.write('data/a.txt', 'a1');
    t.write('data/b.txt', 'b');
    await run(['add', 'data']);
    t.commit('v1');
    t.write('data/a.txt', 'a2');
    await run(['add', 'data']);
    t.commit('v2');
    await run(['remote', 'add', 'origin', remote]);
    assert.match((await run(['push', '--all-commits'])).stdout, /pushed 5 object\(s\)/);
    assert.match((await run(['gc', '--dry-run'])).stdout, /would remove 0 object\(s\)/);
    assert.match((await run(['gc', '--workspace-only', '--dry-run'])).stdout, /would remove 2 object\(s\)/);
    assert.equal((await run(['gc', '--workspace-only', '--all-commits'])).error?.name, 'UsageError');
    assert.equal((await run(['push', '--all-commits', 'data'])).error?.name, 'UsageError');
  });
});
