/**
 * `strata gc` against what can happen while it runs: a user restores a run it is removing,
 * or an artifact folder cannot be deleted. Whatever the interleaving, a run that exists
 * keeps its artifacts, and a folder gc could not delete is deleted by the next gc.
 * Not an HTTP suite: the gc service and `strata gc --backend-store-uri` share one SQLite file
 * with the test; gc through a server runs on both databases in gc.test.ts and
 * gc-shared-folders.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createArtifactStore } from '../../src/artifacts/create-artifact-store.js';
import type { ArtifactStore } from '../../src/core/ports/artifact-store.js';
import { createFixedClock } from '../../src/core/ports/clock.js';
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { GcService } from '../../src/core/services/gc-service.js';
import { openStore } from '../../src/store/create-store.js';
import { captureCli } from '../cli/capture-cli.js';

const exists = (path: string) => stat(path).then(() => true, () => false);

/** The store, with `beforeDelete` run before each folder deletion (which fails if it throws). */
function withDeleteHook(inner: ArtifactStore, beforeDelete: (path: string) => Promise<void>): ArtifactStore {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'delete') {
        return async (path: string) => {
          await beforeDelete(path);
          await target.delete(path);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

describe('strata gc while the world moves', () => {
  let dir: string;
  let destination: string;
  let store: MetadataStore;
  let artifacts: ArtifactStore;
  let experimentId: string;
  const clock = createFixedClock(1_000_000);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-gc-races-'));
    destination = pathToFileURL(join(dir, 'artifacts')).href;
    store = await openStore(`sqlite:///${join(dir, 'strata.db')}`, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
    artifacts = await createArtifactStore(destination);
    experimentId = await store.createExperiment({ name: 'races', artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 1 });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deletedRunWithArtifact(runId: string): Promise<string> {
    await store.createRun({
      runId, experimentId, runName: runId, userId: 'u', status: 'FINISHED', startTime: 1,
      artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`, tags: [],
    });
    await artifacts.put(`${experimentId}/${runId}/artifacts/model.bin`, bytes('weights'));
    await store.setRunLifecycle(runId, 'deleted', 10);
    return join(dir, 'artifacts', experimentId, runId, 'artifacts', 'model.bin');
  }

  function gcWith(artifactStore: ArtifactStore): GcService {
    return new GcService({ store, clock, artifacts: { store: artifactStore, destination } });
  }

  it('never leaves a restored run without its artifacts', async () => {
    const file = await deletedRunWithArtifact('r1');
    let restored: boolean | undefined;
    // The restore arrives while gc deletes the run's folder: the worst moment.
    const gc = gcWith(withDeleteHook(artifacts, async () => {
      restored = await store.transaction((tx) => tx.setRunLifecycle('r1', 'active', 20));
    }));
    const result = await gc.execute(await gc.plan(0), { name: 'test' });
    const run = await store.findRunInfo('r1');
    const hasArtifacts = await exists(file);
    assert.ok(!(run !== undefined && !hasArtifacts), 'a run that exists has its artifacts');
    // gc removed the run before touching its folder, so the restore found nothing.
    assert.equal(restored, false);
    assert.deepEqual([run, hasArtifacts, result.removedRuns], [undefined, false, ['r1']]);
  });

  it('leaves a run restored before its removal, with its artifacts, alone', async () => {
    const file = await deletedRunWithArtifact('r2');
    const gc = gcWith(artifacts);
    const plan = await gc.plan(0);
    await store.setRunLifecycle('r2', 'active', 20);
    const result = await gc.execute(plan, { name: 'test' });
    assert.deepEqual(result.removedRuns, []);
    assert.equal((await store.findRunInfo('r2'))?.lifecycleStage, 'active');
    assert.equal(await exists(file), true);
  });

  it('deletes a folder it could not delete at the next gc, before anything else', async () => {
    const file = await deletedRunWithArtifact('r3');
    let failing = true;
    const flaky = withDeleteHook(artifacts, async () => {
      if (failing) throw new Error('device busy');
    });
    const first = await gcWith(flaky).execute(await gcWith(flaky).plan(0), { name: 'test' });
    assert.deepEqual(first.removedRuns, ['r3'], 'the run itself is gone');
    assert.equal(first.failures.length, 1);
    assert.match(first.failures[0]?.message ?? '', /could not be deleted \(device busy\); the next gc deletes them first/);
    assert.equal(await exists(file), true);
    assert.deepEqual((await store.listPendingArtifactDeletions()).map((p) => p.entityId), ['r3']);

    failing = false;
    const second = await gcWith(flaky).execute(await gcWith(flaky).plan(0), { name: 'test' });
    assert.deepEqual(second.removedPendingArtifacts, [`${experimentId}/r3`]);
    assert.deepEqual(second.failures, []);
    assert.equal(await exists(file), false);
    assert.deepEqual(await store.listPendingArtifactDeletions(), []);
  });

  it('`strata gc` deletes a folder an earlier gc left pending, and says so', async () => {
    const file = await deletedRunWithArtifact('r4');
    await gcWith(withDeleteHook(artifacts, async () => {
      throw new Error('device busy');
    })).execute(await gcWith(artifacts).plan(0), { name: 'test' });
    assert.equal(await exists(file), true);
    await store.close();
    const gc = (...args: string[]) =>
      captureCli(['gc', '--older-than', '30d', '--backend-store-uri', `sqlite:///${join(dir, 'strata.db')}`, '--artifacts-destination', destination, ...args], {});
    const dryRun = await gc('--dry-run');
    assert.match(dryRun.stdout, new RegExp(`would delete ${experimentId}/r4, left by an earlier gc \\(run r4\\)`));
    assert.equal(await exists(file), true, 'a dry run deletes nothing');
    const result = await gc();
    store = await openStore(`sqlite:///${join(dir, 'strata.db')}`, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`deleted 1 artifact folder\\(s\\) an earlier gc could not: ${experimentId}/r4`));
    assert.equal(await exists(file), false);
    assert.deepEqual(await store.listPendingArtifactDeletions(), []);
  });
});
