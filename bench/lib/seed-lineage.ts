// Seeds a registry for the lineage benchmark straight through the MetadataStore, in
// transactions of 1,000 runs: RUNS runs in groups of 10 (the first of each group is the
// parent of the other nine, and every 10th parent hangs under a grandparent sweep), each
// run tagged with one of RUNS/100 git commits and logging one dataset digest shared by
// its group (so each digest is used by ~10 runs); then models of 10 versions each, every
// version registered from a distinct run, with alias `champion` on each model's last one.
import { randomUUID } from 'node:crypto';
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { openStore } from '../../src/store/create-store.js';

export const LINEAGE_EXPERIMENT = 'lineage-bench';
export const VERSIONS_PER_MODEL = 10;

export const digestOf = (group: number): string => group.toString(16).padStart(64, '0');
export const commitOf = (run: number): string => (run % 1000).toString(16).padStart(40, 'c');
export const modelName = (m: number): string => `model-${m}`;

async function seedRuns(store: MetadataStore, experimentId: string, runs: number, now: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < runs; start += 1000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(runs, start + 1000); i++) {
        const runId = randomUUID().replaceAll('-', '');
        ids.push(runId);
        const parent = i % 10 === 0 ? (i % 100 === 0 ? undefined : ids[i - (i % 100)]) : ids[i - (i % 10)];
        await tx.createRun({
          runId, experimentId, runName: `run-${i}`, userId: 'bench', status: 'FINISHED', startTime: now + i,
          artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
          tags: [
            { key: 'mlflow.runName', value: `run-${i}` },
            { key: 'mlflow.source.git.commit', value: commitOf(i) },
            { key: 'mlflow.source.name', value: 'train.py' },
            ...(parent ? [{ key: 'mlflow.parentRunId', value: parent }] : []),
          ],
        });
        const dataset = { name: `table-${Math.floor(i / 10)}`, digest: digestOf(Math.floor(i / 10)), sourceType: 'local', source: `/data/${i}` };
        await tx.logInputs(runId, experimentId, [{ dataset, tags: [{ key: 'mlflow.data.context', value: 'training' }] }]);
      }
    });
  }
  return ids;
}

async function seedVersions(store: MetadataStore, runIds: string[], versions: number, now: number): Promise<void> {
  const models = Math.ceil(versions / VERSIONS_PER_MODEL);
  const stride = Math.max(1, Math.floor(runIds.length / versions));
  for (let start = 0; start < models; start += 100) {
    await store.transaction(async (tx) => {
      for (let m = start; m < Math.min(models, start + 100); m++) {
        const name = modelName(m);
        await tx.createRegisteredModel({ name, description: null, tags: [], creationTime: now });
        for (let v = 0; v < VERSIONS_PER_MODEL; v++) {
          const runId = runIds[((m * VERSIONS_PER_MODEL + v) * stride + 3) % runIds.length]!;
          await tx.createModelVersion({
            modelName: name, source: `runs:/${runId}/model`, storageLocation: `mlflow-artifacts:/x/${runId}/artifacts/model`,
            runId, runLink: null, description: null, userId: 'bench', status: 'READY', tags: [], creationTime: now,
          });
        }
        await tx.setAlias(name, 'champion', VERSIONS_PER_MODEL);
      }
    });
  }
}

/** Seeds once per database; a second call finds the experiment and does nothing. */
export async function seedLineage(backendUri: string, runs: number, versions: number): Promise<{ seeded: boolean; seconds: number }> {
  const started = performance.now();
  const store = await openStore(backendUri, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  try {
    if (await store.findExperimentByName(LINEAGE_EXPERIMENT)) return { seeded: false, seconds: 0 };
    const now = Date.now();
    const experimentId = await store.createExperiment({ name: LINEAGE_EXPERIMENT, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: now });
    const runIds = await seedRuns(store, experimentId, runs, now);
    await seedVersions(store, runIds, versions, now);
    return { seeded: true, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}
