// Seeds a hyperparameter sweep straight through the MetadataStore (transactions of 1,000 runs), so
// the parallel coordinates benchmark starts from 10,000 runs in seconds: per run 10 params (two of
// them strings, so two categorical axes) and 5 metrics whose values depend on the params.
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/create-store.js';

const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'lion'];
const SCHEDULERS = ['cosine', 'linear', 'constant'];

/** A repeatable pseudo-random number in [0, 1) per (run, salt). */
const noise = (i: number, salt: number) => (((i * 2654435761 + salt * 97531) >>> 0) % 10007) / 10007;

export async function seedSweepRuns(backendUri: string, experimentName: string, count: number): Promise<string> {
  const store = await openStore(backendUri, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  try {
    const now = Date.now();
    const experimentId = await store.createExperiment({ name: experimentName, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: now });
    for (let start = 0; start < count; start += 1000) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(count, start + 1000); i++) {
          const runId = randomUUID().replaceAll('-', '');
          await tx.createRun({
            runId, experimentId, runName: `sweep-${i}`, userId: 'bench', status: 'FINISHED', startTime: now + i,
            artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
            tags: [{ key: 'mlflow.runName', value: `sweep-${i}` }],
          });
          const lr = 10 ** (-5 + 4 * noise(i, 1));
          const dropout = Math.round(noise(i, 2) * 50) / 100;
          await tx.insertParams(runId, [
            { key: 'lr', value: lr.toPrecision(3) },
            { key: 'batch_size', value: String(16 * 2 ** Math.floor(noise(i, 3) * 5)) },
            { key: 'optimizer', value: OPTIMIZERS[i % OPTIMIZERS.length] ?? 'adam' },
            { key: 'scheduler', value: SCHEDULERS[Math.floor(noise(i, 4) * 3)] ?? 'cosine' },
            { key: 'dropout', value: String(dropout) },
            { key: 'weight_decay', value: (10 ** (-6 + 3 * noise(i, 5))).toPrecision(2) },
            { key: 'layers', value: String(2 + Math.floor(noise(i, 6) * 10)) },
            { key: 'hidden', value: String(64 * (1 + Math.floor(noise(i, 7) * 8))) },
            { key: 'warmup_steps', value: String(Math.floor(noise(i, 8) * 2000)) },
            { key: 'seed', value: String(i) },
          ]);
          const loss = 0.2 + Math.abs(Math.log10(lr) + 3) * 0.3 + dropout * 0.4 + noise(i, 9) * 0.3;
          await tx.logMetrics(runId, [
            { key: 'loss', value: loss, timestamp: now, step: 100 },
            { key: 'val_loss', value: loss * (1.05 + noise(i, 10) * 0.2), timestamp: now, step: 100 },
            { key: 'accuracy', value: Math.max(0, 1 - loss / 2), timestamp: now, step: 100 },
            { key: 'val_accuracy', value: Math.max(0, 1 - loss / 1.8 - noise(i, 11) * 0.05), timestamp: now, step: 100 },
            { key: 'f1', value: Math.max(0, 0.95 - loss / 2.2), timestamp: now, step: 100 },
          ]);
        }
      });
    }
    return experimentId;
  } finally {
    await store.close();
  }
}
