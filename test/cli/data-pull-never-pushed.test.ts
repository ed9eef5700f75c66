/**
 * `strata data pull` when the remote lacks objects says, per tracked path, which remote
 * lacks which objects (short hashes) and that they were never pushed, instead of a cache
 * error that suggests running pull again; the paths it has are still checked out.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { objectRelPath } from '../../src/data/object-key.js';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';
import { captureCli, type CliResult } from './capture-cli.js';

describe('strata data pull of objects never pushed', () => {
  const origin = createTempGitRepo();
  const remote = mkdtempSync(join(tmpdir(), 'strata-never-pushed-remote-'));
  const clones: string[] = [];
  after(() => {
    origin.cleanup();
    for (const dir of [remote, ...clones]) {
      execFileSync('chmod', ['-R', 'u+w', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function data(dir: string, ...args: string[]): Promise<CliResult> {
    return captureCli(['data', ...args], {}, { cwd: dir });
  }

  function clone(): string {
    const dir = mkdtempSync(join(tmpdir(), 'strata-never-pushed-clone-'));
    clones.push(dir);
    execFileSync('git', ['clone', '-q', origin.dir, dir]);
    return dir;
  }

  const pointerHash = (rel: string) => (parse(origin.read(`${rel}.strata`)) as { hash: string }).hash;
  const where = `remote origin (${remote})`;

  it('names the path, the remote and the object, and says to push it', async () => {
    origin.write('data/a.csv', 'a\n');
    origin.write('data/b.csv', 'b\n');
    origin.write('model.bin', 'weights');
    assert.equal((await data(origin.dir, 'add', 'data', 'model.bin')).code, 0);
    assert.equal((await data(origin.dir, 'remote', 'add', 'origin', remote, '--default')).code, 0);
    origin.commit('v1');

    const nothing = await data(clone(), 'pull');
    assert.equal(nothing.code, 1);
    assert.equal(nothing.stdout, 'pulled 0 object(s) (0 already there) with remote origin\n');
    assert.equal(
      nothing.stderr,
      `OBJECT_MISSING: data is not on ${where}: its manifest ${pointerHash('data').slice(0, 12)} was never pushed; ` +
        'run `strata data push data` in the repository where it was added\n' +
        `OBJECT_MISSING: model.bin is not on ${where}: its content ${pointerHash('model.bin').slice(0, 12)} was never pushed; ` +
        'run `strata data push model.bin` in the repository where it was added\n' +
        'error: 2 of 2 tracked paths and objects failed\n',
    );
    assert.doesNotMatch(nothing.stderr, /run `strata data (fetch|pull)`/);
  });

  it('checks out what the remote has, and lists the files of a directory it lacks', async () => {
    assert.equal((await data(origin.dir, 'push', 'data')).code, 0);
    const aHash = JSON.parse((await data(origin.dir, 'ls', 'data', '--json')).stdout).entries.find((e: { path: string }) => e.path === 'a.csv').hash as string;
    rmSync(join(remote, objectRelPath(aHash)));

    const dir = clone();
    const partial = await data(dir, 'pull', '--json');
    assert.equal(partial.code, 1);
    const result = JSON.parse(partial.stdout);
    assert.deepEqual(result.failures, [], 'the missing objects are explained per path, not twice');
    assert.deepEqual(result.checkout.outcomes.map((o: { path: string; ok: boolean }) => [o.path, o.ok]), [['data', false], ['model.bin', false]]);
    assert.equal(
      result.checkout.outcomes[0].error.message,
      `data is not on ${where} in full: 1 of its files were never pushed (data/a.csv ${aHash.slice(0, 12)}); ` +
        'run `strata data push data` in the repository where it was added',
    );

    assert.equal((await data(origin.dir, 'push')).code, 0);
    const complete = await data(dir, 'pull');
    assert.equal(complete.code, 0, complete.stderr);
    assert.equal(readFileSync(join(dir, 'model.bin'), 'utf8'), 'weights');
    assert.equal(readFileSync(join(dir, 'data/a.csv'), 'utf8'), 'a\n');
  });
});
