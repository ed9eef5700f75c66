/**
 * Train → Log → Register: fits a fraud model on the versioned transactions file, logs params,
 * metrics (overall, per channel, latency), the per-example test predictions (what the gate's
 * paired bootstrap reads), the model with an MLmodel file, the dataset as an input and the git
 * commit, then registers the model as a new version.
 *
 *   npx tsx src/train.ts --data data/transactions.csv --epochs 300 --positive-weight 8
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createClientFromEnv, createRegistryClientFromEnv } from 'strata-mlops/client';
import { classificationMetrics } from './classification-metrics.js';
import { fit, predictProbability, type TrainOptions } from './logistic-regression.js';
import { seededRandom } from './random.js';
import { featureNames, featureRow, fromCsv, type Transaction } from './transactions.js';

export interface TrainConfig extends TrainOptions {
  dataPath: string;
  /** Where data/, .strata and git live; paths are relative to it. */
  cwd: string;
  modelName: string;
  experiment: string;
  runName: string;
  /** Seed of the train/test split: the same seed gives every candidate the same test rows. */
  splitSeed: number;
  threshold: number;
  /** Add the interaction features (the second model's improvement). */
  interactions: boolean;
  gitCommit?: string;
  env?: Record<string, string | undefined>;
}

export interface TrainResult {
  runId: string;
  version: number;
  metrics: Record<string, number>;
}

function split(rows: readonly Transaction[], seed: number): { train: Transaction[]; test: Transaction[] } {
  const random = seededRandom(seed);
  const train: Transaction[] = [];
  const test: Transaction[] = [];
  for (const row of rows) (random.next() < 0.25 ? test : train).push(row);
  return { train, test };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** MLflow's MLmodel layout, with a flavor of our own and the signature MLflow writes (JSON inside YAML). */
function mlmodelFile(runId: string, features: readonly string[]): string {
  const inputs = JSON.stringify(features.map((name) => ({ type: 'double', name, required: true })));
  const outputs = JSON.stringify([{ type: 'double', name: 'fraud_probability', required: true }]);
  return [
    'artifact_path: model',
    'flavors:',
    '  strata_logistic_regression:',
    '    model_file: model.json',
    `run_id: ${runId}`,
    `utc_time_created: '${new Date().toISOString().replace('T', ' ').replace('Z', '')}'`,
    'signature:',
    `  inputs: '${inputs}'`,
    `  outputs: '${outputs}'`,
    'saved_input_example_info:',
    '  artifact_path: input_example.json',
    '  type: dataframe',
    '  pandas_orient: split',
    '',
  ].join('\n');
}

export async function train(config: TrainConfig): Promise<TrainResult> {
  const env = config.env ?? process.env;
  const rows = fromCsv(readFileSync(join(config.cwd, config.dataPath), 'utf8'));
  const { train: trainRows, test: testRows } = split(rows, config.splitSeed);
  const features = featureNames(config.interactions);
  const model = fit(features, trainRows.map((r) => featureRow(r, config.interactions)), Uint8Array.from(trainRows, (r) => r.fraud), config);

  const testX = testRows.map((r) => featureRow(r, config.interactions));
  const labels = Uint8Array.from(testRows, (r) => r.fraud);
  const scores = Float64Array.from(testX, (x) => predictProbability(model, x));
  const metrics: Record<string, number> = { ...classificationMetrics(labels, scores, config.threshold) };
  for (const channel of ['online', 'pos', 'atm'] as const) {
    const idx = testRows.flatMap((r, i) => (r.channel === channel ? [i] : []));
    const m = classificationMetrics(idx.map((i) => labels[i]!), idx.map((i) => scores[i]!), config.threshold);
    metrics[`recall/channel/${channel}`] = m.recall;
    metrics[`precision/channel/${channel}`] = m.precision;
  }
  const timings: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    predictProbability(model, testX[i % testX.length]!);
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  metrics.latency_p95_ms = Math.max(percentile(timings, 0.95), 0.0001);

  const client = createClientFromEnv(env);
  const run = await client.startRun({
    experiment: config.experiment,
    name: config.runName,
    params: { learning_rate: config.learningRate, epochs: config.epochs, l2: config.l2, positive_weight: config.positiveWeight, threshold: config.threshold, split_seed: config.splitSeed, features: features.length, interactions: config.interactions },
    tags: {
      'mlflow.source.name': 'examples/fraud-detection/src/train.ts',
      'mlflow.source.type': 'LOCAL',
      node_version: process.version,
      ...(config.gitCommit === undefined ? {} : { 'mlflow.source.git.commit': config.gitCommit }),
    },
  });
  const work = mkdtempSync(join(tmpdir(), 'fraud-train-'));
  try {
    await run.logDataset({ name: 'transactions', path: config.dataPath, context: 'training', cwd: config.cwd });
    run.logMetrics(metrics);
    // Per-example predictions on the shared test rows: the gate pairs them with the champion's by id.
    const predictions = ['id,label,score,prediction', ...testRows.map((r, i) => `${r.id},${labels[i]},${scores[i]!.toFixed(8)},${scores[i]! >= config.threshold ? 1 : 0}`)];
    writeFileSync(join(work, 'predictions.csv'), `${predictions.join('\n')}\n`);
    await run.logArtifact(join(work, 'predictions.csv'));
    const modelDir = join(work, 'model');
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, 'model.json'), JSON.stringify(model, null, 2));
    writeFileSync(join(modelDir, 'MLmodel'), mlmodelFile(run.runId, features));
    writeFileSync(join(modelDir, 'input_example.json'), JSON.stringify({ columns: features, data: [[...testX[0]!]] }));
    await run.logArtifacts(modelDir, 'model');
    await run.end();
  } catch (error) {
    await run.end('FAILED').catch(() => undefined);
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = await createRegistryClientFromEnv(env).registerModel(run.runId, 'model', config.modelName, {
    description: `Logistic regression on ${features.length} features, ${config.epochs} epochs`,
  });
  return { runId: run.runId, version: Number(version.version), metrics };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: 'data/transactions.csv' },
      model: { type: 'string', default: 'fraud' },
      experiment: { type: 'string', default: 'fraud-detection' },
      name: { type: 'string', default: 'logreg' },
      epochs: { type: 'string', default: '300' },
      interactions: { type: 'boolean', default: false },
      'learning-rate': { type: 'string', default: '0.5' },
      l2: { type: 'string', default: '0.0001' },
      'positive-weight': { type: 'string', default: '1' },
      threshold: { type: 'string', default: '0.2' },
      'split-seed': { type: 'string', default: '7' },
      'git-commit': { type: 'string' },
    },
  });
  const result = await train({
    dataPath: values.data!, cwd: process.cwd(), modelName: values.model!, experiment: values.experiment!, runName: values.name!,
    epochs: Number(values.epochs), learningRate: Number(values['learning-rate']), l2: Number(values.l2),
    positiveWeight: Number(values['positive-weight']), interactions: values.interactions === true, threshold: Number(values.threshold), splitSeed: Number(values['split-seed']),
    ...(values['git-commit'] === undefined ? {} : { gitCommit: values['git-commit'] }),
  });
  process.stdout.write(`${JSON.stringify({ run_id: result.runId, version: result.version, metrics: result.metrics })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
