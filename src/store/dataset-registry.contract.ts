/**
 * The dataset-registry part of the MetadataStore contract, run by
 * metadata-store.sqlite.test.ts and metadata-store.postgres.test.ts. Each test gets a
 * fresh, migrated store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { NewDatasetVersion } from '../core/ports/dataset-registry-repository.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { ContractOptions } from './metadata-store.contract.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';

const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);

function newVersion(name: string, digest: string, overrides: Partial<NewDatasetVersion> = {}): NewDatasetVersion {
  return {
    name, digest, size: 10, fileCount: 2, sourceUri: 'git@example.com:org/repo.git#data', schema: null, profile: null,
    createdBy: 'alice', createdAt: 100, ...overrides,
  };
}

export function runDatasetRegistryContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Dataset registry contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createDataset = (datasetName: string, createdAt = 10) =>
      store.createRegisteredDataset({ name: datasetName, description: null, createdBy: 'alice', createdAt });

    it('creates, reads and describes a dataset', async () => {
      assert.equal(await store.findRegisteredDataset('iris'), undefined);
      await store.createRegisteredDataset({ name: 'iris', description: 'flowers', createdBy: 'alice', createdAt: 5 });
      assert.deepEqual(await store.findRegisteredDataset('iris'), {
        name: 'iris', description: 'flowers', createdBy: 'alice', createdAt: 5, updatedAt: 5, latestVersion: 0,
      });
      await store.updateRegisteredDatasetDescription('iris', null, 9);
      const updated = await store.findRegisteredDataset('iris');
      assert.equal(updated?.description, null);
      assert.equal(updated?.updatedAt, 9);
      await assert.rejects(createDataset('iris'), 'a name is unique');
    });

    it('lists datasets by name with keyset paging', async () => {
      for (const datasetName of ['c', 'a', 'B', 'b']) await createDataset(datasetName);
      const names: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await store.listRegisteredDatasets({ maxResults: 3, pageToken });
        names.push(...page.items.map((d) => d.name));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      assert.deepEqual(names, ['B', 'a', 'b', 'c']);
      await assert.rejects(store.listRegisteredDatasets({ maxResults: 3, pageToken: 'nonsense' }), /Invalid page token/);
    });

    it('numbers versions densely per dataset and finds them by number and digest', async () => {
      await createDataset('iris');
      await createDataset('mnist');
      assert.equal(await store.createDatasetVersion(newVersion('iris', DIGEST_A, { schema: '{"cols":[]}' })), 1);
      assert.equal(await store.createDatasetVersion(newVersion('mnist', DIGEST_A)), 1);
      assert.equal(await store.createDatasetVersion(newVersion('iris', DIGEST_B, { size: 2 ** 40, createdAt: 200 })), 2);
      assert.deepEqual(await store.findDatasetVersion('iris', 1), {
        name: 'iris', version: 1, digest: DIGEST_A, size: 10, fileCount: 2, sourceUri: 'git@example.com:org/repo.git#data',
        schema: '{"cols":[]}', profile: null, createdBy: 'alice', createdAt: 100,
      });
      assert.equal((await store.findDatasetVersion('iris', 2))?.size, 2 ** 40);
      assert.equal(await store.findDatasetVersion('iris', 3), undefined);
      assert.equal((await store.findDatasetVersionByDigest('iris', DIGEST_B))?.version, 2);
      assert.equal(await store.findDatasetVersionByDigest('mnist', DIGEST_B), undefined);
      assert.deepEqual((await store.listDatasetVersions('iris')).map((v) => v.version), [2, 1]);
      assert.deepEqual((await store.findDatasetVersionsByDigest(DIGEST_A)).map((v) => `${v.name}/${v.version}`), ['iris/1', 'mnist/1']);
      const iris = await store.findRegisteredDataset('iris');
      assert.equal(iris?.latestVersion, 2);
      assert.equal(iris?.updatedAt, 200);
    });

    it('refuses a second version with the same digest, and a version of an unknown dataset', async () => {
      await createDataset('iris');
      await store.createDatasetVersion(newVersion('iris', DIGEST_A));
      await assert.rejects(store.createDatasetVersion(newVersion('iris', DIGEST_A)));
      assert.deepEqual((await store.listDatasetVersions('iris')).map((v) => v.version), [1]);
      await assert.rejects(store.createDatasetVersion(newVersion('nope', DIGEST_A)), /not found/);
    });

    it('keeps version numbers dense when versions are registered concurrently', async () => {
      await createDataset('iris');
      const digests = Array.from({ length: 8 }, (_, i) => String(i).repeat(64));
      const numbers = await Promise.all(
        digests.map((digest) =>
          store.transaction(async (tx) => {
            await tx.lockRegisteredDataset('iris');
            return tx.createDatasetVersion(newVersion('iris', digest));
          }),
        ),
      );
      assert.deepEqual([...numbers].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('lists the active runs that logged an input with a digest', async () => {
      const experimentId = await store.createExperiment({ name: 'e', artifactLocation: (id) => `x/${id}`, tags: [], creationTime: 1 });
      const run = async (runId: string, startTime: number) => {
        await store.createRun({
          runId, experimentId, runName: `name-${runId}`, userId: 'u', status: 'RUNNING', startTime, artifactUri: 'x', tags: [],
        });
        return runId;
      };
      const dataset = (digest: string, datasetName = 'train') => ({ name: datasetName, digest, sourceType: 'strata', source: '{}' });
      const context = (value: string) => [{ key: 'mlflow.data.context', value }];
      const early = await run('r1', 10);
      const late = await run('r2', 20);
      const other = await run('r3', 30);
      const deleted = await run('r4', 40);
      await store.logInputs(early, experimentId, [{ tags: context('training'), dataset: dataset(DIGEST_A) }]);
      await store.logInputs(late, experimentId, [
        { tags: [], dataset: dataset(DIGEST_A, 'renamed') },
        { tags: context('eval'), dataset: dataset(DIGEST_B) },
      ]);
      await store.logInputs(other, experimentId, [{ tags: [], dataset: dataset('c'.repeat(64)) }]);
      await store.logInputs(deleted, experimentId, [{ tags: [], dataset: dataset(DIGEST_A) }]);
      await store.setRunLifecycle(deleted, 'deleted', 50);

      assert.deepEqual(await store.listRunsUsingDigests([DIGEST_A]), [
        { runId: late, runName: 'name-r2', experimentId, inputName: 'renamed', context: null, digest: DIGEST_A },
        { runId: early, runName: 'name-r1', experimentId, inputName: 'train', context: 'training', digest: DIGEST_A },
      ]);
      const both = await store.listRunsUsingDigests([DIGEST_A, DIGEST_B, DIGEST_A]);
      assert.deepEqual(both.map((r) => `${r.runId}:${r.digest[0]}:${r.context ?? '-'}`), ['r2:a:-', 'r2:b:eval', 'r1:a:training']);
      assert.deepEqual(await store.listRunsUsingDigests([]), []);
    });
  });
}
