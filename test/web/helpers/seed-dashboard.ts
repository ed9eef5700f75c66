/**
 * Data for the dashboard's browser tests, logged through the SDK as a user's code would:
 * an experiment of 240 runs (params, metric histories, tags, a parent with children, failed
 * and running runs, artifacts), a small second experiment, an empty one, and a registered
 * model whose versions come from runs. Times are fixed relative to `now` so screenshots are stable.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, StrataClient } from '../../../src/client/index.js';
import { createClient, type Metric, type RunStatus } from '../../../src/client/browser.js';
import { logArtifacts as logArtifactsOf } from '../../../src/client/node/index.js';

export interface SeededDashboard {
  experimentId: string;
  smallExperimentId: string;
  emptyExperimentId: string;
  /** A finished run with metric histories, artifacts and a registered version. */
  runId: string;
  runName: string;
  parentRunId: string;
  modelName: string;
  runCount: number;
}

const HOUR = 3_600_000;
const OPTIMIZERS = ['adam', 'sgd', 'adamw'];

function lossAt(run: number, step: number): number {
  return 2.3 * Math.exp(-step / (18 + (run % 7) * 4)) + 0.05 + ((run * 7 + step * 13) % 17) / 400;
}

function history(run: number, steps: number, time: number): Metric[] {
  const points: Metric[] = [];
  for (let step = 0; step < steps; step++) {
    points.push({ key: 'loss', value: lossAt(run, step), step, timestamp: time + step * 1000 });
    points.push({ key: 'accuracy', value: 1 - lossAt(run, step) / 2.6, step, timestamp: time + step * 1000 });
  }
  points.push({ key: 'val_loss', value: lossAt(run, steps) * 1.08, step: steps, timestamp: time + steps * 1000 });
  return points;
}

async function logRun(client: StrataClient, experimentId: string, i: number, now: number, extraTags: Array<{ key: string; value: string }> = []): Promise<string> {
  const start = now - (240 - i) * 0.37 * HOUR;
  const status: RunStatus = i % 29 === 3 ? 'FAILED' : i === 239 ? 'RUNNING' : 'FINISHED';
  const { run } = await client.createRun({
    experiment_id: experimentId,
    run_name: `${OPTIMIZERS[i % 3]}-lr${[0.1, 0.01, 0.001][i % 3]}-${String(i).padStart(3, '0')}`,
    start_time: start,
    user_id: ['ada', 'grace', 'alan'][i % 3],
    tags: [{ key: 'team', value: i % 2 === 0 ? 'vision' : 'nlp' }, { key: 'mlflow.source.name', value: 'train.py' }, { key: 'mlflow.source.git.commit', value: `9f1c${(4000 + i).toString(16)}e27b` }, ...extraTags],
  });
  const runId = run.info.run_id;
  const metrics = history(i, i < 12 ? 120 : 20, start);
  for (let offset = 0; offset < metrics.length; offset += 1000) {
    await client.logBatch({
      run_id: runId,
      metrics: metrics.slice(offset, offset + 1000),
      params: offset === 0 ? [{ key: 'lr', value: String([0.1, 0.01, 0.001][i % 3]) }, { key: 'batch_size', value: String(32 << (i % 3)) }, { key: 'optimizer', value: OPTIMIZERS[i % 3] ?? 'adam' }] : [],
    });
  }
  if (status !== 'RUNNING') await client.updateRun({ run_id: runId, status, end_time: start + (5 + (i % 11) * 7) * 60_000 + i * 1000 });
  return runId;
}

async function logArtifacts(client: StrataClient, runId: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-seed-artifacts-'));
  try {
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model', 'MLmodel'), 'artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n');
    await writeFile(join(dir, 'model', 'model.pkl'), Buffer.alloc(48_213, 7));
    await writeFile(join(dir, 'metrics.json'), JSON.stringify({ accuracy: 0.93, loss: 0.21 }, null, 2));
    await writeFile(join(dir, 'train.log'), Array.from({ length: 200 }, (_, i) => `step ${i} loss ${lossAt(0, i).toFixed(4)}`).join('\n'));
    // The SDK's Node half, as run.logArtifacts and `strata artifacts log` use it.
    await logArtifactsOf(client, runId, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function seedDashboard(trackingUri: string, now: number = Date.now()): Promise<SeededDashboard> {
  const client = new StrataClient({ trackingUri });
  const sdk = createClient({ trackingUri });
  const experimentId = await sdk.experiments.create('mnist-baseline');
  const smallExperimentId = await sdk.experiments.create('fraud-detection');
  const emptyExperimentId = await sdk.experiments.create('empty-experiment');
  const runCount = 240;
  const ids: string[] = [];
  for (let i = 0; i < runCount; i++) ids.push(await logRun(client, experimentId, i, now));
  const parentRunId = ids[0] ?? '';
  for (const i of [1, 2]) await client.setTag({ run_id: ids[i] ?? '', key: 'mlflow.parentRunId', value: parentRunId });
  for (let i = 0; i < 5; i++) await logRun(client, smallExperimentId, i, now);
  const runId = ids[0] ?? '';
  await logArtifacts(client, runId);
  const registry = new RegistryClient({ trackingUri });
  const modelName = 'mnist-classifier';
  await registry.registerModel(ids[5] ?? '', 'model', modelName, { description: 'Digit classifier trained on MNIST.' });
  await registry.registerModel(runId, 'model', modelName);
  await registry.setRegisteredModelAlias({ name: modelName, alias: 'champion', version: '2' });
  await registry.registerModel(ids[7] ?? '', 'model', 'fraud-scorer');
  const run = await sdk.runs.get(runId);
  return { experimentId, smallExperimentId, emptyExperimentId, runId, runName: run.info.run_name, parentRunId, modelName, runCount };
}
