/**
 * Issue 10, data loss: the sequence that lost a committed version, run through the CLI on
 * the temp folder's filesystem (ext4 or tmpfs: no reflinks, so hardlinks were the default).
 *
 *   strata data init; strata data add data/train; git commit
 *   echo "1,2" >> data/train/s00010.csv
 *   strata data status; strata data add data/train; strata data push
 *   git checkout <first commit> -- data/train.strata; strata data checkout
 *
 * With the default config the committed bytes come back. With hardlinks opted in the
 * damage cannot be prevented for root, but it is reported at every step and never pushed
 * or checked out as if it were the committed version; `unprotect` before editing avoids it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake3 } from '@napi-rs/blake-hash';
import { listObjectTree } from '../../src/data/object-cache.js';
import { keyHash, objectRelPath } from '../../src/data/object-key.js';
import { createTempGitRepo, type TempGitRepo } from '../helpers/temp-git-repo.js';
import { captureCli, type CliResult } from '../cli/capture-cli.js';

const SHARD = 's00010.csv';
const original = (i: number): string => `id,value\n${i},${i * i}\n`;

function data(dir: string, ...args: string[]): Promise<CliResult> {
  return captureCli(['data', ...args], {}, { cwd: dir });
}

/** The user's opt-in: an edit of the committed config, as a person would make it. */
function optInToHardlinks(t: TempGitRepo): void {
  const config = join(t.dir, '.strata/config');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^( *links:) .*$/m, '$1 [hardlink, copy]'));
}

/** init (+ opt-in), twelve shards, add, commit: returns the first commit. */
async function firstVersion(t: TempGitRepo, links: 'default' | 'hardlink'): Promise<string> {
  assert.equal((await data(t.dir, 'init')).code, 0);
  if (links === 'hardlink') optInToHardlinks(t);
  for (let i = 0; i < 12; i++) t.write(`data/train/s000${i + 5}.csv`, original(i + 5));
  const added = await data(t.dir, 'add', 'data/train');
  assert.equal(added.code, 0, added.stderr);
  return t.commit('data v1');
}

function appendInPlace(t: TempGitRepo): void {
  execFileSync('sh', ['-c', `echo "1,2" >> data/train/${SHARD}`], { cwd: t.dir });
}

/** Every object on a folder remote hashes to its name: nothing damaged was propagated. */
function assertRemoteIntact(remote: string): number {
  const keys = listObjectTree(remote);
  for (const key of keys) assert.equal(blake3(readFileSync(join(remote, objectRelPath(key)))).toString('hex'), keyHash(key), key);
  return keys.size;
}

describe('appending to a tracked file, then status, add, push and checkout of the first commit', () => {
  const dirs: string[] = [];
  const repos: TempGitRepo[] = [];
  const setup = (): { t: TempGitRepo; remote: string } => {
    const t = createTempGitRepo({ init: false });
    const remote = mkdtempSync(join(tmpdir(), 'strata-safety-remote-'));
    repos.push(t);
    dirs.push(remote);
    return { t, remote };
  };
  after(() => {
    for (const t of repos) t.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('default config: the committed bytes stay intact and come back', async () => {
    const { t, remote } = setup();
    const v1 = await firstVersion(t, 'default');
    assert.match(t.read('.strata/config'), /links: \[reflink, copy\]/);
    appendInPlace(t);

    const status = await data(t.dir, 'status');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /modified +data\/train\/s00010\.csv/);
    assert.doesNotMatch(status.stdout, /damaged/);
    const added = await data(t.dir, 'add', 'data/train');
    assert.equal(added.code, 0, added.stderr);
    assert.equal((await data(t.dir, 'remote', 'add', 'origin', remote)).code, 0);
    const pushed = await data(t.dir, 'push');
    assert.equal(pushed.code, 0, pushed.stderr);

    t.git('checkout', '-q', v1, '--', 'data/train.strata');
    const checkout = await data(t.dir, 'checkout');
    assert.equal(checkout.code, 0, checkout.stderr);
    assert.equal(t.read(`data/train/${SHARD}`), original(10));
    const verify = await data(t.dir, 'verify');
    assert.equal(verify.code, 0, verify.stderr);
    assertRemoteIntact(remote);
  });

  it('hardlink opt-in: the damage is reported at every step and never propagated', async () => {
    const { t, remote } = setup();
    const v1 = await firstVersion(t, 'hardlink');
    appendInPlace(t);

    const status = await data(t.dir, 'status');
    assert.equal(status.code, 1, 'a damaged committed version is not "in sync"');
    assert.match(status.stdout, /damaged +cache object [0-9a-f]{12}, the committed content of data\/train\/s00010\.csv/);
    assert.match(status.stderr, /CORRUPTED_OBJECT: cache object [0-9a-f]{64}, the committed content of data\/train\/s00010\.csv, was changed in place/);

    const added = await data(t.dir, 'add', 'data/train');
    assert.equal(added.code, 1);
    assert.match(added.stdout, /added data\/train/);
    assert.match(added.stderr, /CORRUPTED_OBJECT: cache object .* data\/train\/s00010\.csv/);

    assert.equal((await data(t.dir, 'remote', 'add', 'origin', remote)).code, 0);
    const pushed = await data(t.dir, 'push');
    assert.equal(pushed.code, 0, `the new version is intact and goes up: ${pushed.stderr}`);
    assert.ok(assertRemoteIntact(remote) > 0);

    t.git('checkout', '-q', v1, '--', 'data/train.strata');
    const checkout = await data(t.dir, 'checkout');
    assert.equal(checkout.code, 1);
    assert.match(checkout.stderr, /CORRUPTED_OBJECT/);
    assert.equal(t.read(`data/train/${SHARD}`), `${original(10)}1,2\n`, 'damaged bytes are not placed as the first version');
    const verify = await data(t.dir, 'verify');
    assert.equal(verify.code, 1);
    assert.match(verify.stdout, /1 problem/);
  });

  it('hardlink opt-in with unprotect before the edit: the cache stays intact', async () => {
    const { t } = setup();
    const v1 = await firstVersion(t, 'hardlink');
    const unprotected = await data(t.dir, 'unprotect', `data/train/${SHARD}`);
    assert.equal(unprotected.code, 0, unprotected.stderr);
    assert.match(unprotected.stdout, /1 link\(s\) replaced by copies/);
    appendInPlace(t);

    const status = await data(t.dir, 'status');
    assert.equal(status.code, 0, status.stderr);
    assert.doesNotMatch(status.stdout, /damaged/);
    assert.equal((await data(t.dir, 'verify')).code, 0);
    assert.equal((await data(t.dir, 'add', 'data/train')).code, 0);
    t.commit('data v2');

    t.git('checkout', '-q', v1, '--', 'data/train.strata');
    const checkout = await data(t.dir, 'checkout');
    assert.equal(checkout.code, 0, checkout.stderr);
    assert.equal(t.read(`data/train/${SHARD}`), original(10));
  });
});
