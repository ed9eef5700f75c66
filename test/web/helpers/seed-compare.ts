/**
 * Three runs for the compare-page charts, logged through the SDK: `alpha` and `beta` finished with
 * 2,000 steps of loss and accuracy (alpha's loss has one spike of 50 at step 1,234, and a metric
 * that is only NaN), `gamma` still RUNNING with 500 steps; the test logs more of gamma's later.
 * Runs start an hour apart so relative time and wall time differ.
 */
import { StrataClient } from '../../../src/client/index.js';
import { createClient, type Metric } from '../../../src/client/browser.js';

export interface SeededCompare {
  experimentId: string;
  runIds: { alpha: string; beta: string; gamma: string };
  startMs: number;
  /** Logs gamma's steps [from, to) through the SDK, as a training script still running would. */
  logGamma(from: number, to: number): Promise<void>;
  /** A finished run with `keys` metrics (wide_00…), 10 steps each; returns its id. */
  logWideRun(keys: number): Promise<string>;
}

export const SPIKE_STEP = 1234;
export const SPIKE_VALUE = 50;
const HOUR = 3_600_000;

export function lossAt(run: number, step: number): number {
  return 2 * Math.exp(-step / (300 + run * 150)) + 0.1 + ((step * 7 + run * 3) % 11) / 200;
}

function points(run: number, from: number, to: number, start: number, withSpike: boolean, withNaN: boolean): Metric[] {
  const out: Metric[] = [];
  for (let step = from; step < to; step++) {
    const timestamp = start + step * 1000;
    out.push({ key: 'loss', value: withSpike && step === SPIKE_STEP ? SPIKE_VALUE : lossAt(run, step), step, timestamp });
    out.push({ key: 'accuracy', value: 1 - lossAt(run, step) / 2.5, step, timestamp });
    if (withNaN && step % 100 === 0) out.push({ key: 'grad_norm_nan', value: 'NaN', step, timestamp });
  }
  return out;
}

async function logAll(client: StrataClient, runId: string, metrics: Metric[]): Promise<void> {
  for (let offset = 0; offset < metrics.length; offset += 1000) await client.logBatch({ run_id: runId, metrics: metrics.slice(offset, offset + 1000) });
}

export async function seedCompare(trackingUri: string, now = Date.now()): Promise<SeededCompare> {
  const sdk = createClient({ trackingUri });
  const client = new StrataClient({ trackingUri });
  const experimentId = await sdk.experiments.create(`compare-charts-${now}`);
  const startMs = now - 6 * HOUR;
  const create = async (name: string, i: number) => (await client.createRun({ experiment_id: experimentId, run_name: name, start_time: startMs + i * HOUR })).run.info.run_id;
  const alpha = await create('alpha', 0);
  const beta = await create('beta', 1);
  const gamma = await create('gamma', 2);
  await logAll(client, alpha, points(0, 0, 2000, startMs, true, true));
  await logAll(client, beta, points(1, 0, 2000, startMs + HOUR, false, false));
  await logAll(client, gamma, points(2, 0, 500, startMs + 2 * HOUR, false, false));
  for (const [runId, i] of [[alpha, 0], [beta, 1]] as const) await client.updateRun({ run_id: runId, status: 'FINISHED', end_time: startMs + i * HOUR + 2000_000 });
  return {
    experimentId,
    runIds: { alpha, beta, gamma },
    startMs,
    logGamma: (from, to) => logAll(client, gamma, points(2, from, to, startMs + 2 * HOUR, false, false)),
    logWideRun: async (keys) => {
      const runId = await create('wide', 3);
      const metrics: Metric[] = [];
      for (let k = 0; k < keys; k++) for (let step = 0; step < 10; step++) metrics.push({ key: `wide_${String(k).padStart(2, '0')}`, value: k + step / 10, step, timestamp: startMs + 3 * HOUR + step * 1000 });
      await logAll(client, runId, metrics);
      await client.updateRun({ run_id: runId, status: 'FINISHED', end_time: startMs + 3 * HOUR + 60_000 });
      return runId;
    },
  };
}
