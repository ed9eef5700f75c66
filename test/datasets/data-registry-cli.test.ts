/**
 * End to end: a folder versioned with the data engine in a temp git repository, published
 * with `strata data register`, logged by a training script with `run.logDataset`, then
 * listed by `strata data versions` with the run that used it and found by
 * `datasets.digest = '…'` search. On SQLite and PostgreSQL, each with its own repository;
 * PostgreSQL is skipped (reason printed) when none answers, and fails instead under
 * STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { parse } from 'yaml';
import { StrataClient } from '../../src/client/index.js';
import { addPaths } from '../../src/data/index.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createTempGitRepo, type TempGitRepo } from '../helpers/temp-git-repo.js';
import { captureCli } from '../cli/capture-cli.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('dataset CLI tests');

function writeDataset(dir: (rel: string, content: string) => void, root: string): void {
  dir('data/train.csv', 'x,y\n1,2\n');
  dir('data/labels/a.txt', 'cat');
  dir('data/run.sh', '#!/bin/sh\n');
  chmodSync(join(root, 'data/run.sh'), 0o755);
}

for (const dialect of dialects) {
  describeOrSkip(`dataset registry from the CLI and the SDK on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let repo: TempGitRepo;
    let client: StrataClient;
    let env: NodeJS.ProcessEnv;
    let outside: string;

    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      client = new StrataClient({ trackingUri: server.url });
      env = { STRATA_TRACKING_URI: server.url };
      outside = mkdtempSync(join(tmpdir(), 'strata-dataset-copy-'));
      repo = createTempGitRepo({ links: '[copy]' });
      repo.git('remote', 'add', 'origin', 'https://builder:s3cret@git.example.com/team/vision.git');
      writeDataset(repo.write, repo.dir);
      const { outcomes } = await addPaths(['data'], { cwd: repo.dir });
      assert.ok(outcomes.every((o) => o.ok), JSON.stringify(outcomes));
    });

    after(async () => {
      await server?.close();
      repo?.cleanup();
      if (outside) rmSync(outside, { recursive: true, force: true });
      await dialect.drop();
    });

    const pointerHash = (): string => (parse(readFileSync(join(repo.dir, 'data.strata'), 'utf8')) as { hash: string }).hash;

    it('registers the pointer of a versioned folder, with the repository remote as source (no credentials)', async () => {
      const res = await captureCli(['data', 'register', 'vision-train', join(repo.dir, 'data'), '--description', 'cats', '--json'], env);
      assert.equal(res.code, 0, res.stderr);
      const { dataset_version: version, created } = JSON.parse(res.stdout);
      assert.equal(created, true);
      assert.equal(version.version, 1);
      assert.equal(version.digest, pointerHash());
      assert.equal(version.size, 21);
      assert.equal(version.file_count, 3);
      assert.equal(version.source_uri, 'https://git.example.com/team/vision.git#data');

      const again = await captureCli(['data', 'register', 'vision-train', join(repo.dir, 'data.strata')], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /vision-train version 1 already has this data \(21 B, 3 files, digest [0-9a-f]{12}\)/);
    });

    it('logs the dataset from a run, links the run to the version and finds it by digest', async () => {
      const run = await client.startRun({ experiment: 'dataset-e2e', name: 'train-cats' });
      const logged = await run.logDataset({ name: 'vision-train', path: 'data', cwd: repo.dir, context: 'training' });
      assert.deepEqual(logged, {
        name: 'vision-train', digest: pointerHash(), size: 21, fileCount: 3, sourceUri: 'https://git.example.com/team/vision.git#data', fromPointer: true,
      });
      await run.end();

      // Without a pointer the SDK hashes the folder exactly as `strata data add` does.
      writeDataset((rel, content) => {
        mkdirSync(join(outside, rel, '..'), { recursive: true });
        writeFileSync(join(outside, rel), content);
      }, outside);
      const evalRun = await client.startRun({ experiment: 'dataset-e2e', name: 'eval-cats' });
      const computed = await evalRun.logDataset({ name: 'cats-copy', path: join(outside, 'data'), context: 'eval', schema: { columns: ['x', 'y'] } });
      assert.equal(computed.fromPointer, false);
      assert.equal(computed.digest, pointerHash());
      assert.match(computed.sourceUri, /^file:\/\//);
      await evalRun.end();

      const stored = (await client.getRun({ run_id: run.runId })).run.inputs?.dataset_inputs ?? [];
      assert.deepEqual(stored[0]?.tags, [{ key: 'mlflow.data.context', value: 'training' }]);
      assert.equal(stored[0]?.dataset.source_type, 'strata');
      assert.deepEqual(JSON.parse(stored[0]?.dataset.source ?? '{}'), { uri: 'https://git.example.com/team/vision.git#data' });

      const found = await client.searchRuns({ experiment_ids: [run.experimentId], filter: `datasets.digest = '${pointerHash()}'` });
      assert.deepEqual(found.runs?.map((r) => r.info.run_name).sort(), ['eval-cats', 'train-cats']);
      const training = await client.searchRuns({
        experiment_ids: [run.experimentId], filter: `datasets.digest = '${pointerHash()}' AND datasets.context = 'training'`,
      });
      assert.deepEqual(training.runs?.map((r) => r.info.run_id), [run.runId]);

      const version = await client.getDatasetVersion('vision-train', 1);
      assert.deepEqual(version.runs.map((r) => [r.run_name, r.context, r.dataset_name]).sort(), [
        ['eval-cats', 'eval', 'cats-copy'],
        ['train-cats', 'training', 'vision-train'],
      ]);
      const versions = await captureCli(['data', 'versions', 'vision-train'], env);
      assert.equal(versions.code, 0, versions.stderr);
      assert.match(versions.stdout, /^VERSION +DIGEST +SIZE +FILES +CREATED +BY +RUNS/);
      assert.match(versions.stdout, new RegExp(`${run.runId} \\(training\\)`));
    });

    it('publishes a changed folder as the next version and lists both', async () => {
      repo.write('data/labels/b.txt', 'dog');
      const { outcomes } = await addPaths(['data'], { cwd: repo.dir });
      assert.ok(outcomes.every((o) => o.ok));
      const res = await captureCli(['data', 'register', 'vision-train', join(repo.dir, 'data')], env);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /registered vision-train version 2 \(24 B, 4 files/);
      const listed = await captureCli(['data', 'versions', 'vision-train', '--json'], env);
      const body = JSON.parse(listed.stdout);
      assert.equal(body.dataset.description, 'cats');
      assert.deepEqual(body.versions.map((v: { version: number; runs: unknown[] }) => [v.version, v.runs.length]), [[2, 0], [1, 2]]);
      assert.equal((await client.findDatasetVersionsByDigest(pointerHash())).dataset_versions[0]?.version, 2);
    });

    it('fails with a clear message when there is no pointer or no such dataset', async () => {
      repo.write('loose.csv', 'a');
      const noPointer = await captureCli(['data', 'register', 'loose', join(repo.dir, 'loose.csv')], env);
      assert.equal(noPointer.code, 1);
      assert.match(noPointer.stderr, /no pointer file loose\.csv\.strata; run `strata data add/);
      const missing = await captureCli(['data', 'versions', 'nope'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /error: Dataset 'nope' not found \(RESOURCE_DOES_NOT_EXIST\)/);
    });
  });
}
