import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addPaths } from './add-paths.js';
import { addRemote } from './data-remotes.js';
import { dataFetch, dataPull, dataPush } from './data-transfer.js';
import { initDataRepo } from './data-repo.js';
import { hashBytes } from './file-ops.js';
import { listObjectTree } from './object-cache.js';
import { keyHash, objectRelPath } from './object-key.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

/** Every object in a remote folder is complete: its bytes hash to its name. */
function assertAllComplete(remote: string): Set<string> {
  const keys = listObjectTree(remote);
  for (const key of keys) assert.equal(hashBytes(readFileSync(join(remote, objectRelPath(key)))), keyHash(key), key);
  return keys;
}

function writeDataset(dir: string, count: number, tag: string): void {
  for (let i = 0; i < count; i++) {
    const rel = join(dir, `part${i % 10}`, `f${i}.txt`);
    writeFileSync(rel, `${tag} ${i} `.repeat(1 + (i % 50)), { flag: 'w' });
  }
}

describe('push, fetch and pull with a local remote', () => {
  const t = createTempGitRepo();
  const remote = mkdtempSync(join(tmpdir(), 'strata-remote-'));
  const opts = { cwd: t.dir, jobs: 2 };
  after(() => {
    t.cleanup();
    rmSync(remote, { recursive: true, force: true });
  });
  before(async () => {
    for (let i = 0; i < 10; i++) t.write(`data/part${i}/.keep`, '');
    writeDataset(join(t.dir, 'data'), 300, 'v1');
    t.write('model.bin', 'weights');
    const added = await addPaths(['data', 'model.bin'], opts);
    assert.ok(added.outcomes.every((o) => o.ok));
    addRemote('origin', remote, false, opts);
    t.commit('v1');
  });

  it('push sends every object once, then nothing', async () => {
    const first = await dataPush({}, opts);
    assert.deepEqual(first.failures, []);
    assert.equal(first.remote, 'origin');
    assert.equal(first.transferred, assertAllComplete(remote).size);
    const again = await dataPush({}, opts);
    assert.equal(again.transferred, 0);
    assert.equal(again.skipped, first.transferred);
  });

  it('push of a new version sends only the changed objects', async () => {
    t.write('data/part0/f0.txt', 'changed');
    await addPaths(['data'], opts);
    t.commit('v2');
    const res = await dataPush({ paths: ['data'] }, opts);
    assert.equal(res.transferred, 2, 'one file and one manifest');
  });

  it('pull into a fresh clone restores the data, verified', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'strata-clone-'));
    try {
      const { execFileSync } = await import('node:child_process');
      execFileSync('git', ['clone', '-q', t.dir, clone]);
      initDataRepo(clone);
      const res = await dataPull({}, { cwd: clone, jobs: 2 });
      assert.deepEqual(res.failures, []);
      assert.ok(res.checkout.outcomes.every((o) => o.ok), JSON.stringify(res.checkout));
      assert.equal(readFileSync(join(clone, 'data/part0/f0.txt'), 'utf8'), 'changed');
      assert.equal(readFileSync(join(clone, 'model.bin'), 'utf8'), 'weights');
      const again = await dataFetch({}, { cwd: clone });
      assert.equal(again.transferred, 0);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('a failing write leaves only complete objects and a re-run finishes the job', async () => {
    rmSync(remote, { recursive: true, force: true });
    mkdirSync(join(remote, '.tmp'), { recursive: true });
    const keys = [...listObjectTree(join(t.dir, '.strata/cache'))];
    const blocked = keys.slice(0, 5).map((k) => k.slice(0, 2));
    for (const prefix of new Set(blocked)) writeFileSync(join(remote, prefix), 'not a folder');
    writeFileSync(join(remote, '.tmp', 'half-written'), 'partial', { flag: 'w' });
    const failed = await dataPush({}, opts);
    assert.ok(failed.failures.length > 0);
    assert.ok(failed.failures.some((f) => f.error.code === 'TRANSFER_FAILED'), 'manifests wait for their files');
    assertAllComplete(remote);
    for (const prefix of new Set(blocked)) rmSync(join(remote, prefix));
    const rerun = await dataPush({}, opts);
    assert.deepEqual(rerun.failures, []);
    assert.equal(rerun.transferred, failed.failures.length);
    assertAllComplete(remote);
  });

  it('unknown schemes and malformed s3:// / strata:// URLs are refused clearly', () => {
    assert.throws(() => addRemote('ftp', 'ftp://host/x', false, opts), /unknown remote scheme ftp:\/\//);
    assert.throws(() => addRemote('s3', 's3:///prefix', false, opts), /names no bucket/);
    assert.throws(() => addRemote('srv', 'strata://host:5000/sub', false, opts), /takes no path/);
  });

  it('refuses a strata:// remote when the caller handed in no connection to the server (the engine does not import the SDK)', async () => {
    addRemote('server', 'strata://127.0.0.1:9', false, opts);
    await assert.rejects(dataPush({ remote: 'server' }, opts), { code: 'UNSUPPORTED_REMOTE', message: /pass connectStrata/ });
  });
});

describe('kill -9 during push', () => {
  const t = createTempGitRepo();
  const remote = mkdtempSync(join(tmpdir(), 'strata-remote-'));
  after(() => {
    t.cleanup();
    rmSync(remote, { recursive: true, force: true });
  });

  it('leaves only complete objects on the remote, and pushing again completes', async () => {
    for (let i = 0; i < 10; i++) t.write(`data/part${i}/.keep`, '');
    writeDataset(join(t.dir, 'data'), 1200, 'kill');
    t.write('data/big.bin', Buffer.alloc(32 << 20, 7));
    await addPaths(['data'], { cwd: t.dir });
    addRemote('origin', remote, true, { cwd: t.dir });
    const transfer = fileURLToPath(new URL('./data-transfer.ts', import.meta.url));
    const script = join(t.dir, 'push-child.mts');
    writeFileSync(script, `import { dataPush } from ${JSON.stringify(transfer)};\nawait dataPush({}, { cwd: ${JSON.stringify(t.dir)}, jobs: 1 });\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const started = Date.now();
    while (listObjectTree(remote).size < 1 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    await exited;
    const partial = assertAllComplete(remote);
    assert.ok(partial.size > 0 && partial.size < 1202, `interrupted mid-push (${partial.size} objects)`);
    const rerun = await dataPush({}, { cwd: t.dir });
    assert.deepEqual(rerun.failures, []);
    assert.equal(assertAllComplete(remote).size, partial.size + rerun.transferred);
    assert.ok(existsSync(join(remote, '.tmp')));
    assert.ok(readdirSync(join(remote, '.tmp')).length <= 1, 'at most the one in-flight temp file');
  });
});

describe('push --all-commits', () => {
  const t = createTempGitRepo();
  const remotes: string[] = [];
  const opts = { cwd: t.dir };
  let v1 = '';
  const newRemote = (name: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-remote-'));
    remotes.push(dir);
    addRemote(name, dir, false, opts);
    return dir;
  };
  const v1Only = (): string[] => [...listObjectTree(join(t.dir, '.strata/cache'))].filter((k) => !v2Keys.has(k));
  let v2Keys = new Set<string>();
  let allRemote = '';
  after(() => {
    t.cleanup();
    for (const dir of remotes) rmSync(dir, { recursive: true, force: true });
  });
  before(async () => {
    t.write('data/a.txt', 'a1');
    t.write('data/b.txt', 'b');
    await addPaths(['data'], opts);
    v1 = t.commit('v1');
    t.write('data/a.txt', 'a2');
    await addPaths(['data'], opts);
    t.commit('v2');
    const only = newRemote('workspace');
    await dataPush({ remote: 'workspace' }, opts);
    v2Keys = listObjectTree(only);
  });

  it('sends what every commit needs, where a plain push sends only the work tree\'s version', async () => {
    assert.equal(v1Only().length, 2, 'a1 and the first manifest are not on a plain push\'s remote');
    allRemote = newRemote('all');
    const res = await dataPush({ remote: 'all', allCommits: true }, opts);
    assert.deepEqual(res.failures, []);
    assert.deepEqual(res.warnings, []);
    assert.equal(res.transferred, 5);
    assert.deepEqual([...assertAllComplete(allRemote)].sort(), [...listObjectTree(join(t.dir, '.strata/cache'))].sort());
  });

  it('lets a clone check out the first commit from the remote', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'strata-clone-'));
    remotes.push(clone);
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['clone', '-q', t.dir, clone]);
    execFileSync('git', ['checkout', '-q', v1], { cwd: clone });
    initDataRepo(clone);
    addRemote('all', allRemote, true, { cwd: clone });
    const res = await dataPull({}, { cwd: clone });
    assert.deepEqual(res.failures, []);
    assert.equal(readFileSync(join(clone, 'data/a.txt'), 'utf8'), 'a1');
  });

  it('holds back only the manifest whose files failed: a damaged old object does not stop the new version', async () => {
    const [a1] = v1Only().filter((k) => !k.endsWith('.dir'));
    assert.ok(a1);
    const object = join(t.dir, '.strata/cache', objectRelPath(a1));
    rmSync(object, { force: true });
    writeFileSync(object, 'damaged');
    const remote = newRemote('fresh');
    const res = await dataPush({ remote: 'fresh', allCommits: true }, opts);
    assert.deepEqual(res.failures.map((f) => f.error.code).sort(), ['CORRUPTED_OBJECT', 'TRANSFER_FAILED']);
    const there = assertAllComplete(remote);
    assert.ok([...v2Keys].every((k) => there.has(k)), 'the work tree\'s version arrived whole');
    assert.equal(there.has(a1), false);
  });
});
