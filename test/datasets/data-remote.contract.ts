/**
 * What every network data remote (s3://, strata://) must do, run against a real store:
 * push only what is missing, pull into a fresh clone, refuse corrupted objects both ways,
 * and leave only complete objects after an interrupted push or pull, which re-running
 * finishes. Interruptions come from a proxy that cuts the network after a byte budget.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addPaths, addRemote, dataPull, dataPush, initDataRepo, removeRemote } from '../../src/data/index.js';
import { hashBytes } from '../../src/data/file-ops.js';
import { listObjectTree } from '../../src/data/object-cache.js';
import { keyHash, manifestKey, objectRelPath } from '../../src/data/object-key.js';
import { openRemote } from '../../src/data/open-remote.js';
import { connectStrataRemote as connectStrata } from '../../src/client/node/connect-strata-remote.js';
import { readPointerFile } from '../../src/data/pointer-file.js';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';
import { startCuttingProxy, type CuttingProxy } from '../helpers/cutting-proxy.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';

type Env = Record<string, string | undefined>;

export interface RemoteEndpoint {
  url: string;
  env: Env;
}

export interface DataRemoteFixture {
  remote: RemoteEndpoint;
  /** The same store reached through `host` (`127.0.0.1:port`, the cutting proxy). */
  through(host: string): RemoteEndpoint;
  /** The store's server, where the proxy forwards to. */
  target: { host: string; port: number };
  /** HTTP requests a listing of a remote holding `keys` takes. */
  listingRequests(keys: Set<string>): number;
  /** Raw access to the store, bypassing the remote's checks. */
  readObject(key: string): Promise<Buffer>;
  writeObject(key: string, bytes: Buffer): Promise<void>;
  cleanup(): Promise<void>;
}

const SMALL_FILES = 48;
const BIG_BYTES = 9 << 20;
/** The proxy cuts after this many bytes: mid-way through big.bin, after the small files. */
const CUT_AFTER = 4 << 20;

export function runDataRemoteContract(name: string, makeFixture: () => Promise<DataRemoteFixture>, skip?: string): void {
  describeOrSkip(`data remote contract: ${name}`, skip, () => {
    let fx: DataRemoteFixture;
    const t = createTempGitRepo({ links: '[copy]' });
    const clones: string[] = [];
    // The SDK's strata:// connection, as the CLI wires it (s3:// remotes ignore it).
    const opts = (cwd: string, env: Env = fx.remote.env) => ({ cwd, jobs: 2, env, connectStrata });

    /** Every object on the remote hashes to its key; returns the keys. */
    async function remoteKeys(): Promise<Set<string>> {
      const keys = await (await openRemote(fx.remote.url, t.dir, { env: fx.remote.env, connectStrata })).listObjects();
      for (const key of keys) assert.equal(hashBytes(await fx.readObject(key)), keyHash(key), `remote object ${key} is complete`);
      return keys;
    }

    function freshClone(): string {
      const dir = mkdtempSync(join(tmpdir(), 'strata-remote-clone-'));
      clones.push(dir);
      execFileSync('git', ['clone', '-q', t.dir, dir]);
      initDataRepo(dir);
      return dir;
    }

    /** Every object in a clone's cache hashes to its key, and no temp file is left. */
    function cacheKeys(dir: string): Set<string> {
      const objects = join(dir, '.strata', 'cache');
      const keys = listObjectTree(objects);
      for (const key of keys) assert.equal(hashBytes(readFileSync(join(objects, objectRelPath(key)))), keyHash(key), key);
      const tmp = join(dir, '.strata', 'tmp');
      assert.deepEqual(existsSync(tmp) ? readdirSync(tmp) : [], [], 'no temp files left');
      return keys;
    }

    /** Runs `work` with a remote named "proxied" in `dir` that goes through a cutting proxy. */
    async function throughProxy<T>(dir: string, direction: 'up' | 'down', budgetBytes: number, work: (env: Env, proxy: CuttingProxy) => Promise<T>): Promise<T> {
      const proxy = await startCuttingProxy({ target: fx.target, budgetBytes, direction });
      const proxied = fx.through(proxy.host);
      try {
        addRemote('proxied', proxied.url, false, { cwd: dir });
        const result = await work(proxied.env, proxy);
        assert.equal(proxy.isCut(), budgetBytes !== Infinity, 'the proxy cut the transfer');
        return result;
      } finally {
        removeRemote('proxied', { cwd: dir });
        await proxy.close();
      }
    }

    const fileKey = (rel: string, dir = t.dir): string => hashBytes(readFileSync(join(dir, rel)));
    const pointerHash = (rel: string): string => readPointerFile(join(t.dir, `${rel}.strata`), `${rel}.strata`).hash;

    before(async () => {
      fx = await makeFixture();
      for (let i = 0; i < SMALL_FILES; i++) t.write(`data/part${i % 4}/f${i}.bin`, randomBytes(2048 + i * 97));
      t.write('big.bin', randomBytes(BIG_BYTES));
      const added = await addPaths(['data', 'big.bin'], { cwd: t.dir, jobs: 2 });
      assert.ok(added.outcomes.every((o) => o.ok), JSON.stringify(added.outcomes));
      addRemote('origin', fx.remote.url, true, { cwd: t.dir });
      t.commit('v1');
    });
    after(async () => {
      t.cleanup();
      for (const dir of clones) {
        execFileSync('chmod', ['-R', 'u+w', dir]);
        rmSync(dir, { recursive: true, force: true });
      }
      await fx?.cleanup();
    });

    it('an interrupted push leaves only complete objects; pushing again sends only the rest', async () => {
      const total = SMALL_FILES + 2; // the files, big.bin and the manifest of data/
      const cut = await throughProxy(t.dir, 'up', CUT_AFTER, (env) => dataPush({ remote: 'proxied' }, opts(t.dir, env)));
      assert.ok(cut.failures.length > 0, "the cut push reports failures");
      const partial = await remoteKeys();
      assert.ok(!partial.has(pointerHash('big.bin')), 'big.bin, cut mid-body, is not on the remote');
      assert.ok(!partial.has(manifestKey(pointerHash('data'))), 'no manifest before all its files');
      const rerun = await dataPush({}, opts(t.dir));
      assert.deepEqual(rerun.failures, []);
      assert.equal(rerun.transferred, total - partial.size, 'only the missing objects are sent');
      assert.equal((await remoteKeys()).size, total);
      const again = await dataPush({}, opts(t.dir));
      assert.deepEqual([again.transferred, again.skipped], [0, total]);
    });

    it('a new version pushes only its changed objects: one listing, one request per object', async () => {
      t.write('data/part0/f0.bin', randomBytes(3000));
      await addPaths(['data'], { cwd: t.dir, jobs: 2 });
      t.commit('v2');
      const there = await (await openRemote(fx.remote.url, t.dir, { env: fx.remote.env, connectStrata })).listObjects();
      const { res, requests } = await throughProxy(t.dir, 'up', Infinity, async (env, proxy) => ({
        res: await dataPush({ remote: 'proxied' }, opts(t.dir, env)),
        requests: proxy.requests(),
      }));
      assert.deepEqual(res.failures, []);
      assert.equal(res.transferred, 2, 'one file and one manifest');
      assert.equal(requests, fx.listingRequests(there) + 2, 'the listing, then one PUT per missing object');
    });

    it('pull into a fresh clone restores every file', async () => {
      const clone = freshClone();
      const res = await dataPull({}, opts(clone));
      assert.deepEqual(res.failures, []);
      assert.ok(res.checkout.outcomes.every((o) => o.ok), JSON.stringify(res.checkout));
      for (const rel of ['big.bin', 'data/part0/f0.bin', 'data/part3/f47.bin']) {
        assert.ok(readFileSync(join(clone, rel)).equals(readFileSync(join(t.dir, rel))), rel);
      }
      cacheKeys(clone);
    });

    it('an interrupted pull leaves only complete objects; pulling again finishes', async () => {
      const clone = freshClone();
      const cut = await throughProxy(clone, 'down', CUT_AFTER, (env) => dataPull({ remote: 'proxied' }, opts(clone, env)));
      assert.ok(cut.failures.length > 0, 'the cut pull reports failures');
      assert.ok(!cacheKeys(clone).has(pointerHash('big.bin')), 'big.bin, cut mid-body, is not in the cache');
      const rerun = await dataPull({}, opts(clone));
      assert.deepEqual(rerun.failures, []);
      assert.ok(rerun.checkout.outcomes.every((o) => o.ok), JSON.stringify(rerun.checkout));
      assert.ok(readFileSync(join(clone, 'big.bin')).equals(readFileSync(join(t.dir, 'big.bin'))));
      assert.ok(rerun.transferred > 0 && rerun.skipped > 0, 'the second pull fetched only the rest');
    });

    it('a corrupted object on the remote is detected on pull and not placed', async () => {
      const key = fileKey('data/part1/f1.bin');
      const good = await fx.readObject(key);
      await fx.writeObject(key, Buffer.concat([good.subarray(1), Buffer.from('x')]));
      try {
        const clone = freshClone();
        const res = await dataPull({}, opts(clone));
        assert.deepEqual(res.failures.map((f) => [f.key, f.error.code]), [[key, 'CORRUPTED_OBJECT']]);
        assert.ok(!cacheKeys(clone).has(key), 'the corrupted object is not in the cache');
        assert.ok(!existsSync(join(clone, 'data/part1/f1.bin')), 'the file is not placed');
        assert.ok(existsSync(join(clone, 'data/part2/f2.bin')), 'the other files are');
      } finally {
        await fx.writeObject(key, good);
      }
    });

    it('a corrupted local object is not sent', async () => {
      t.write('big2.bin', randomBytes(3 << 20));
      t.write('small.txt', 'small and soon corrupted');
      await addPaths(['big2.bin', 'small.txt'], { cwd: t.dir, jobs: 2 });
      const keys = [pointerHash('big2.bin'), pointerHash('small.txt')];
      for (const key of keys) {
        const path = join(t.dir, '.strata', 'cache', objectRelPath(key));
        const bytes = readFileSync(path);
        bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
        chmodSync(path, 0o644);
        writeFileSync(path, bytes);
      }
      const res = await dataPush({ paths: ['big2.bin', 'small.txt'] }, opts(t.dir));
      assert.deepEqual(res.failures.map((f) => f.error.code).sort(), ['CORRUPTED_OBJECT', 'CORRUPTED_OBJECT']);
      const there = await remoteKeys();
      for (const key of keys) assert.ok(!there.has(key), `${key} was not stored`);
    });
  });
}
