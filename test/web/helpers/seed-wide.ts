/**
 * A wide experiment for the runs table (MLflow's crash case, mlflow#11927): `runs` runs over
 * `keys` distinct metric keys, logged through the SDK in log-batch calls of up to 1,000 values (998 metrics + a param and a tag).
 * Each run logs `keysPerRun` of the keys (a window that moves along the key list, so every key
 * is logged by about runs × keysPerRun / keys runs), one param and one tag.
 */
import { createClient } from '../../../src/client/browser.js';
import { StrataClient } from '../../../src/client/index.js';

export interface WideExperiment {
  experimentId: string;
  keyNames: string[];
}

export const wideKey = (i: number) => `layer_${String(i).padStart(4, '0')}/grad_norm`;

export async function seedWideExperiment(trackingUri: string, options: { name: string; runs: number; keys: number; keysPerRun: number; concurrency?: number }): Promise<WideExperiment> {
  const sdk = createClient({ trackingUri });
  const client = new StrataClient({ trackingUri });
  const experimentId = await sdk.experiments.create(options.name);
  const keyNames = Array.from({ length: options.keys }, (_, i) => wideKey(i));
  const stride = Math.max(1, Math.floor(options.keys / options.runs));
  const logRun = async (r: number) => {
    const { run } = await client.createRun({ experiment_id: experimentId, run_name: `wide-${String(r).padStart(4, '0')}`, start_time: 1_700_000_000_000 + r * 1000 });
    const runId = run.info.run_id;
    const keys: number[] = [];
    for (let k = 0; k < options.keysPerRun; k++) keys.push((r * stride + k) % options.keys);
    for (let offset = 0; offset < keys.length; offset += 998) {
      await client.logBatch({
        run_id: runId,
        metrics: keys.slice(offset, offset + 998).map((k) => ({ key: keyNames[k] ?? '', value: ((r * 31 + k * 17) % 1000) / 10, timestamp: 1_700_000_000_000, step: 0 })),
        ...(offset === 0 ? { params: [{ key: 'seed', value: String(r) }], tags: [{ key: 'shard', value: String(r % 4) }] } : {}),
      });
    }
  };
  const concurrency = options.concurrency ?? 4;
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < options.runs) await logRun(next++);
  }));
  return { experimentId, keyNames };
}
