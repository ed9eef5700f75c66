// Seeds one experiment shaped like issue 12's runs-table target: N runs, each with P params,
// M metrics (one latest value each) and T tags, straight through the MetadataStore in
// transactions of 1,000 runs (100,000 runs take about a minute; HTTP would take many).
// Returns at once when the experiment already exists, so a kept database is reused.
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/create-store.js';

export interface TableRunsShape {
  runs: number;
  params: number;
  metrics: number;
  tags: number;
}

const SEEDED_TAG = 'bench.seeded_runs';
const OPTIMIZERS = ['adam', 'sgd', 'adamw', 'lion'];

export async function seedTableRuns(backendUri: string, experimentName: string, shape: TableRunsShape): Promise<string> {
  const store = await openStore(backendUri, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  try {
    const existing = await store.findExperimentByName(experimentName);
    // A seeding that was cut short leaves an experiment without the mark: start that one again.
    if (existing?.tags.some((t) => t.key === SEEDED_TAG && t.value === String(shape.runs))) return existing.experimentId;
    if (existing) throw new Error(`experiment ${experimentName} in ${backendUri} is incomplete or of another size: delete the database file and run again`);
    const now = Date.now() - shape.runs * 1000;
    const experimentId = await store.createExperiment({ name: experimentName, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: now });
    for (let start = 0; start < shape.runs; start += 1000) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(shape.runs, start + 1000); i++) {
          const runId = randomUUID().replaceAll('-', '');
          const tags = [{ key: 'mlflow.runName', value: `run-${i}` }];
          for (let t = 0; t < shape.tags; t++) tags.push({ key: `tag_${t}`, value: t === 0 ? (i % 3 === 0 ? 'vision' : 'tabular') : `v${(i * (t + 3)) % 17}` });
          await tx.createRun({
            runId,
            experimentId,
            runName: `run-${i}`,
            userId: 'bench',
            status: 'FINISHED',
            startTime: now + i * 1000,
            artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
            tags,
          });
          const params = [];
          for (let p = 0; p < shape.params; p++) {
            params.push({ key: `param_${p}`, value: p === 0 ? OPTIMIZERS[i % OPTIMIZERS.length]! : String(((i * 7919 + p * 104729) % 10007) / 10007) });
          }
          await tx.insertParams(runId, params);
          const points = [];
          for (let m = 0; m < shape.metrics; m++) {
            points.push({ key: `metric_${m}`, value: (((i + 1) * 2654435761 + m * 40503) % 1_000_003) / 1_000_003, timestamp: now + i * 1000, step: 100 });
          }
          await tx.logMetrics(runId, points);
        }
      });
    }
    await store.setExperimentTag(experimentId, { key: SEEDED_TAG, value: String(shape.runs) });
    return experimentId;
  } finally {
    await store.close();
  }
}
