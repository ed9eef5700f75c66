import { startTestServer } from './helpers/start-test-server.js';
const uri = process.argv[2] ?? 'sqlite:///:memory:';
const s = await startTestServer({ backendStoreUri: uri });
const exp = (await s.post('experiments/create', { name: 'perf' })).json.experiment_id;
async function time(label: string, n: number, fn: (i: number) => Promise<unknown>, unit = 'ops') {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - t;
  console.log(`${label}: ${(n / ms * 1000).toFixed(0)} ${unit}/s (${ms.toFixed(0)} ms)`);
}
const runIds: string[] = [];
await time('runs/create with tags', 1000, async (i) => {
  const r = await s.post('runs/create', { experiment_id: exp, start_time: i, tags: [{ key: 'mlflow.user', value: 'u' }, { key: 'mlflow.source.name', value: 'x.py' }] });
  runIds.push(r.json.run.info.run_id);
});
const run = runIds[0]!;
await time('log-batch 10 params', 1000, (i) => s.post('runs/log-batch', { run_id: runIds[i], params: Array.from({ length: 10 }, (_, j) => ({ key: `p${j}`, value: String(j) })), metrics: [{ key: 'acc', value: i, timestamp: 1, step: 0 }] }));
await time('log-metric', 3000, (i) => s.post('runs/log-metric', { run_id: run, key: 'm', value: i, timestamp: i, step: i }));
const big = runIds[1]!;
await time('log-batch 1000 points', 100, (i) => s.post('runs/log-batch', { run_id: big, metrics: Array.from({ length: 1000 }, (_, j) => ({ key: 'big', value: j, timestamp: 1, step: i * 1000 + j })) }), 'req');
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  const h = await s.get('metrics/get-history', { run_id: big, metric_key: 'big' });
  console.log(`get-history ${h.json.metrics.length}: ${(performance.now() - t).toFixed(0)} ms`);
}
for (let k = 0; k < 5; k++) {
  const t = performance.now();
  const r = await s.post('runs/search', { experiment_ids: [exp], max_results: 1000 });
  console.log(`search ${r.json.runs.length}: ${(performance.now() - t).toFixed(1)} ms`);
}
await s.close();
