/**
 * A small experiment for the runs-table feature tests, logged through the SDK: 48 runs with
 * params (lr, optimizer), metrics (accuracy, loss) and tags (team, a dotted key), two parents
 * with three and two nested children (MLflow's mlflow.parentRunId tag). Fast to seed, so each
 * browser test file can have its own.
 */
import { StrataClient } from '../../../src/client/index.js';
import { createClient } from '../../../src/client/browser.js';

export interface SeededRunsTable {
  experimentId: string;
  runCount: number;
  /** Runs without a parent. */
  topLevelCount: number;
  parents: Array<{ runId: string; runName: string; children: string[] }>;
}

const OPTIMIZERS = ['adam', 'sgd', 'adamw'];

export async function seedRunsTable(trackingUri: string, name = 'runs-table', now: number = Date.parse('2026-03-02T12:00:00Z')): Promise<SeededRunsTable> {
  const client = new StrataClient({ trackingUri });
  const sdk = createClient({ trackingUri });
  const experimentId = await sdk.experiments.create(name);
  const ids: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < 48; i++) {
    const runName = `${OPTIMIZERS[i % 3]}-${String(i).padStart(2, '0')}`;
    const { run } = await client.createRun({
      experiment_id: experimentId,
      run_name: runName,
      start_time: now - (48 - i) * 600_000,
      user_id: 'ada',
      tags: [{ key: 'team', value: i % 2 === 0 ? 'vision' : 'nlp' }, { key: 'data.split', value: i % 4 === 0 ? 'holdout' : 'train' }],
    });
    const runId = run.info.run_id;
    await client.logBatch({
      run_id: runId,
      metrics: [
        { key: 'accuracy', value: 0.5 + ((i * 37) % 48) / 100, step: 0, timestamp: now },
        { key: 'loss', value: 2 - ((i * 37) % 48) / 30, step: 0, timestamp: now },
      ],
      params: [{ key: 'lr', value: String([0.1, 0.01, 0.001][i % 3]) }, { key: 'optimizer', value: OPTIMIZERS[i % 3] ?? 'adam' }],
    });
    await client.updateRun({ run_id: runId, status: 'FINISHED', end_time: now - (48 - i) * 600_000 + 300_000 });
    ids.push(runId);
    names.push(runName);
  }
  const family = (parent: number, children: number[]) => ({ runId: ids[parent] ?? '', runName: names[parent] ?? '', children: children.map((c) => ids[c] ?? '') });
  const parents = [family(47, [40, 41, 42]), family(30, [20, 21])];
  for (const parent of parents) {
    for (const child of parent.children) await client.setTag({ run_id: child, key: 'mlflow.parentRunId', value: parent.runId });
  }
  return { experimentId, runCount: ids.length, topLevelCount: ids.length - 5, parents };
}
