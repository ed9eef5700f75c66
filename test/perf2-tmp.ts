import { openStore } from '../src/store/create-store.js';
import { createTrackingService } from '../src/core/services/tracking-service.js';
import { systemClock } from '../src/core/ports/clock.js';
import { randomIdGenerator } from '../src/core/ports/id-generator.js';
import { startTestServer } from './helpers/start-test-server.js';
const dal = (id: string) => `mlflow-artifacts:/${id}`;
const store = await openStore('sqlite:///:memory:', { defaultArtifactLocation: dal });
const t = createTrackingService({ store, clock: systemClock, ids: randomIdGenerator, defaultArtifactLocation: dal });
const exp = await t.experiments.create('a', { name: 'x' });
const run = await t.runs.create('a', { experimentId: exp });
const id = run.info.runId;
async function time(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  const s = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - s;
  console.log(`${label}: ${(n / ms * 1000).toFixed(0)}/s`);
}
await time('service logMetric', 3000, (i) => t.runs.logMetric('a', id, { key: 'm', value: i, timestamp: i, step: i }));
await time('store findRunInfo', 3000, () => store.findRunInfo(id));
await time('store tx empty', 3000, () => store.transaction(async () => {}));
await time('store logMetrics direct', 3000, (i) => store.logMetrics(id, [{ key: 'q', value: i, timestamp: i, step: i }]));
await time('service createRun', 1000, () => t.runs.create('a', { experimentId: exp }));
const s = await startTestServer();
await time('http health', 3000, () => fetch(s.url + '/health').then((r) => r.text()));
await time('http runs/get 404', 3000, () => s.get('runs/get', { run_id: 'x' }));
await s.close();
