/**
 * The SDK's artifact calls and `strata artifacts log|list|download` against a real server.
 * SQLite only: artifact transfers are under test; the audit events
 * that artifact writes leave in the database are checked on both databases by
 * test/artifacts/artifact-audit.test.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StrataClient } from '../../src/client/index.js';
import type { ActiveRun } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { captureCli } from '../cli/capture-cli.js';

describe('artifacts through the SDK and the CLI', () => {
  let server: TestServer;
  let client: StrataClient;
  let work: string;
  let source: string;

  before(async () => {
    server = await startTestServer();
    client = new StrataClient({ trackingUri: server.url });
    work = await mkdtemp(join(tmpdir(), 'strata-sdk-artifacts-'));
    source = join(work, 'source');
    await mkdir(join(source, 'model', 'nested'), { recursive: true });
    await writeFile(join(source, 'model', 'MLmodel'), 'flavors: {}\n');
    await writeFile(join(source, 'model', 'nested', 'weights.bin'), randomBytes(3 * 1024 * 1024 + 17));
    await writeFile(join(source, 'notes.txt'), 'hello');
  });
  after(async () => {
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  const newRun = (): Promise<ActiveRun> => client.startRun({ experiment: 'sdk-artifacts' });

  it('logs a file and a directory, lists them and downloads them back byte for byte', async () => {
    const run = await newRun();
    await run.logArtifact(join(source, 'notes.txt'));
    await run.logArtifacts(join(source, 'model'), 'model');
    const root = await client.listArtifacts(run.runId);
    assert.deepEqual(root.files?.map((f) => f.path), ['model', 'notes.txt']);
    const model = await client.listArtifacts(run.runId, 'model');
    assert.deepEqual(model.files, [
      { path: 'model/MLmodel', is_dir: false, file_size: 12 },
      { path: 'model/nested', is_dir: true },
    ]);
    const dest = join(work, `down-${run.runId}`);
    const local = await client.downloadArtifacts(run.runId, '', dest);
    assert.equal(local, dest);
    for (const rel of ['notes.txt', 'model/MLmodel', 'model/nested/weights.bin']) {
      assert.ok((await readFile(join(dest, rel))).equals(await readFile(join(source, rel))), rel);
    }
    const single = await client.downloadArtifacts(run.runId, 'model/MLmodel', join(work, 'single'));
    assert.equal(await readFile(single, 'utf8'), 'flavors: {}\n');
  });

  it('reports progress and uploads large files in parallel parts when asked', async () => {
    const run = await newRun();
    const seen: number[] = [];
    await run.logArtifact(join(source, 'model', 'nested', 'weights.bin'), 'mp', {
      multipartThresholdBytes: 1024 * 1024,
      multipartPartBytes: 1024 * 1024,
      onProgress: (p) => seen.push(p.bytesDone),
    });
    assert.equal(seen.at(-1), 3 * 1024 * 1024 + 17);
    const dest = join(work, `mp-${run.runId}`);
    await client.downloadArtifacts(run.runId, 'mp', dest);
    assert.ok((await readFile(join(dest, 'mp', 'weights.bin'))).equals(await readFile(join(source, 'model', 'nested', 'weights.bin'))));
  });

  it('uploads many small files through the bounded pool', async () => {
    const run = await newRun();
    const many = join(work, 'many');
    await mkdir(many);
    await Promise.all(Array.from({ length: 200 }, (_, i) => writeFile(join(many, `f${String(i).padStart(3, '0')}.txt`), `file ${i}`)));
    await run.logArtifacts(many, 'many');
    const listed = await client.listArtifacts(run.runId, 'many');
    assert.equal(listed.files?.length, 200);
    assert.equal(listed.files?.[42]?.file_size, 'file 42'.length);
  });

  it('fails clearly for a run whose artifacts are not served by the tracking server', async () => {
    const created = await server.post('experiments/create', { name: 'elsewhere', artifact_location: 's3://other-bucket/x' });
    const { run } = await client.createRun({ experiment_id: created.json.experiment_id });
    await assert.rejects(
      (await client.startRun({ experimentId: created.json.experiment_id })).logArtifact(join(source, 'notes.txt')),
      /not served through the tracking server/,
    );
    await assert.rejects(client.listArtifacts(run.info.run_id), /does not serve/);
  });

  it('strata artifacts log / list / download, with --json', async () => {
    const run = await newRun();
    const env = { STRATA_TRACKING_URI: server.url };
    const logged = await captureCli(['artifacts', 'log', run.runId, join(source, 'model'), '--artifact-path', 'm', '--json'], env);
    assert.equal(logged.code, 0, logged.stderr);
    assert.deepEqual(JSON.parse(logged.stdout), { run_id: run.runId, artifact_path: 'm', files: 2, bytes: 12 + 3 * 1024 * 1024 + 17 });
    assert.equal(logged.stderr, '', 'no progress bar when stderr is not a terminal');
    const listed = await captureCli(['artifacts', 'list', run.runId, 'm'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^path\s+size\nm\/MLmodel\s+12\nm\/nested\/\s*$/m);
    const listedJson = await captureCli(['artifacts', 'list', run.runId, '--json'], env);
    assert.deepEqual(JSON.parse(listedJson.stdout).files, [{ path: 'm', is_dir: true }]);
    const dest = join(work, `cli-${run.runId}`);
    const downloaded = await captureCli(['artifacts', 'download', run.runId, 'm', '--dest', dest], env);
    assert.equal(downloaded.code, 0, downloaded.stderr);
    assert.match(downloaded.stdout, /downloaded 2 file\(s\)/);
    assert.deepEqual((await readdir(join(dest, 'm'))).sort(), ['MLmodel', 'nested']);
    const missing = await captureCli(['artifacts', 'list', 'f'.repeat(32)], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /RESOURCE_DOES_NOT_EXIST/);
  });
});
