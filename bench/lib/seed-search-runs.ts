// Seeds an experiment with N runs straight through the MetadataStore (in transactions of
// 1,000 runs) so the search benchmark can start from 100,000 runs in seconds rather than
// minutes of HTTP. Each run: metrics acc and loss, params model and lr, a team tag.
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/create-store.js';

const MODELS = ['resnet', 'vit', 'mlp', 'xgboost'];

export async function seedSearchRuns(backendUri: string, experimentName: string, count: number): Promise<void> {
  const store = await openStore(backendUri, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  try {
    const existing = await store.findExperimentByName(experimentName);
    if (existing) return;
    const now = Date.now();
    const experimentId = await store.createExperiment({
      name: experimentName,
      artifactLocation: (id) => `mlflow-artifacts:/${id}`,
      tags: [],
      creationTime: now,
    });
    for (let start = 0; start < count; start += 1000) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(count, start + 1000); i++) {
          const runId = randomUUID().replaceAll('-', '');
          await tx.createRun({
            runId,
            experimentId,
            runName: `run-${i}`,
            userId: 'bench',
            status: 'FINISHED',
            startTime: now + i,
            artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
            tags: [
              { key: 'mlflow.runName', value: `run-${i}` },
              { key: 'team', value: i % 2 === 0 ? 'vision' : 'tabular' },
            ],
          });
          await tx.insertParams(runId, [
            { key: 'model', value: MODELS[i % MODELS.length]! },
            { key: 'lr', value: String(10 ** -(1 + (i % 4))) },
          ]);
          await tx.logMetrics(runId, [
            { key: 'acc', value: (i * 7919) % 1000 / 1000, timestamp: now, step: 0 },
            { key: 'loss', value: 1 - ((i * 7919) % 1000) / 1000, timestamp: now, step: 0 },
          ]);
        }
      });
    }
  } finally {
    await store.close();
  }
}
