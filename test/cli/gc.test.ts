/**
 * Issue 10: `strata gc` opened ./strata-data/strata.db of whatever folder it ran in and
 * ignored --tracking-uri; run elsewhere, it created an empty database and reported "nothing
 * deleted". Now it asks the tracking server, and its direct mode opens only what exists.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { captureCli } from './capture-cli.js';

const BIN = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('strata gc without a server', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-gc-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('exits 1 in an empty folder when no server answers, and creates nothing there', async () => {
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, STRATA_FROM_SOURCE: '1', STRATA_TRACKING_URI: `http://127.0.0.1:${await closedPort()}` };
    const result = spawnSync(process.execPath, [BIN, 'gc', '--older-than', '0'], { cwd, env, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /cannot reach http:\/\/127\.0\.0\.1:\d+.*--tracking-uri/s);
    assert.deepEqual(await readdir(cwd), [], 'no strata-data/ appeared');
  });

  it('exits 1 when --backend-store-uri names a SQLite file that does not exist, and creates nothing', async () => {
    const artifacts = join(dir, 'artifacts');
    await mkdir(artifacts);
    const before = await readdir(dir);
    const missing = join(dir, 'nowhere', 'strata.db');
    const result = await captureCli(['gc', '--backend-store-uri', `sqlite:///${missing}`, '--artifacts-destination', artifacts]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`No SQLite database at ${missing}`));
    assert.deepEqual(await readdir(dir), before);
    assert.deepEqual(await readdir(artifacts), []);
  });

  it('exits 1 when the artifacts destination does not exist, and does not create it', async () => {
    const { openStore } = await import('../../src/store/create-store.js');
    const db = join(dir, 'existing.db');
    await (await openStore(`sqlite:///${db}`, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` })).close();
    const missing = join(dir, 'no-artifacts');
    const result = await captureCli(['gc', '--backend-store-uri', `sqlite:///${db}`, '--artifacts-destination', missing]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /No artifact directory at/);
    assert.ok(!(await readdir(dir)).includes('no-artifacts'));
  });

  it('refuses half of the direct mode as a usage error', async () => {
    const noDestination = await captureCli(['gc', '--backend-store-uri', `sqlite:///${join(dir, 'x.db')}`]);
    assert.equal(noDestination.code, 2);
    assert.match(noDestination.stderr, /needs --artifacts-destination/);
    const noStore = await captureCli(['gc', '--artifacts-destination', dir], { STRATA_TRACKING_URI: 'http://127.0.0.1:1' });
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /only applies with --backend-store-uri/);
  });

  it('shows the default of --older-than as 30d', async () => {
    const help = await captureCli(['gc', '--help']);
    assert.match(help.stdout, /\(default: 30d\)/);
    assert.doesNotMatch(help.stdout, /2592000000/);
  });
});
