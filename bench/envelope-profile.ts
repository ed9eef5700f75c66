/**
 * The server's share of one compare-page chart, without HTTP or a browser: the envelope of 100
 * runs' metric over its whole extent at 70 buckets a line (what the page asks, CHART_BUCKET_BUDGET
 * / 100 lines), then the JSON the route writes, for each of the 20 metrics in turn. Run it with
 * `--cpu-prof` to see where the time goes. On a file seeded by bench/compare-charts.ts --db
 * (whose roll-ups are built first if still dirty). Then the run page's request: 1,000 buckets over
 * the 10,000,000-point series `long`, whole and in a 1% window.
 *
 *   node --import tsx bench/envelope-profile.ts --db FILE [--runs 100] [--metrics 20] [--buckets 70] [--rounds 5]
 */
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { MetricEnvelopeService } from '../src/core/services/metric-envelope-service.js';
import { metricEnvelopesToWire } from '../src/server/mappers/metric-envelope-mapper.js';
import { openStore } from '../src/store/create-store.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    runs: { type: 'string', default: '100' },
    metrics: { type: 'string', default: '20' },
    buckets: { type: 'string', default: '70' },
    rounds: { type: 'string', default: '5' },
  },
});
if (values.db === undefined) throw new Error('--db FILE is required (a file seeded by bench/compare-charts.ts --db)');
const RUNS = Number(values.runs);
const METRICS = Number(values.metrics);
const BUCKETS = Number(values.buckets);
const ROUNDS = Number(values.rounds);
const FIELDS = ['nan_count', 'min', 'max', 'last', 'last_x'] as const;

const store = await openStore(`sqlite:///${values.db}`, { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` });
const envelopes = new MetricEnvelopeService(store);
const runIds = Array.from({ length: RUNS }, (_, r) => `cmp${String(r).padStart(3, '0')}`);
const metricKey = (m: number) => `metric_${String(m).padStart(2, '0')}`;

const buildStart = performance.now();
await store.refreshMetricRollups(runIds.flatMap((runId) => Array.from({ length: METRICS }, (_, m) => ({ runId, key: metricKey(m) }))));
console.log(`roll-ups up to date in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);

const perChart: number[] = [];
let bytes = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (let m = 0; m < METRICS; m++) {
    const start = performance.now();
    const result = await envelopes.envelope({ series: runIds.map((runId) => ({ runId, key: metricKey(m) })), buckets: BUCKETS });
    bytes = JSON.stringify(metricEnvelopesToWire(result, FIELDS)).length;
    perChart.push(performance.now() - start);
  }
}
const quantile = (xs: number[], f: number) => ([...xs].sort((a, b) => a - b)[Math.floor(xs.length * f)] ?? Number.NaN).toFixed(1);
console.log(`one chart (${RUNS} series × ${BUCKETS} buckets, ${bytes.toLocaleString('en-GB')} bytes of JSON): median ${quantile(perChart, 0.5)} ms, p90 ${quantile(perChart, 0.9)} ms over ${perChart.length}; load ${execSync('uptime').toString().trim()}`);

await store.refreshMetricRollups([{ runId: 'long', key: 'loss' }]);
for (const [label, window] of [['whole', {}], ['1% window', { xMin: 4_000_000, xMax: 4_100_000 }]] as const) {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS * 2; round++) {
    const start = performance.now();
    const result = await envelopes.envelope({ series: [{ runId: 'long', key: 'loss' }], buckets: 1_000, ...window });
    JSON.stringify(metricEnvelopesToWire(result, FIELDS));
    times.push(performance.now() - start);
  }
  console.log(`10,000,000-point series, 1,000 buckets, ${label}: median ${quantile(times, 0.5)} ms, p90 ${quantile(times, 0.9)} ms over ${times.length}`);
}
await store.close();
