// Gate evaluation benchmark, pure (no server): the evaluator's share of the targets.
//   - a gate of 100 rules (60 thresholds, 20 champion comparisons, 20 slice rules of 20 slices
//     each) over an in-memory GateData with a champion (target for the whole call with server
//     reads: ≤ 1 s; this is the CPU part),
//   - a 1,000-resample paired bootstrap over 100,000 predictions, parsing both CSV files
//     included (target ≤ 3 s).
//
//   node --import tsx bench/gate.ts [--repeat 5] [--rows 100000] [--resamples 1000]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evaluateGate } from '../src/core/gates/evaluate-gate.js';
import { parseGateSpec } from '../src/core/gates/gate-spec.js';
import { gateData, type SubjectRecord } from '../src/core/gates/gate-test-data.js';
import { mulberry32 } from '../src/core/gates/paired-bootstrap.js';

const { values: opts } = parseArgs({
  options: { repeat: { type: 'string', default: '5' }, rows: { type: 'string', default: '100000' }, resamples: { type: 'string', default: '1000' } },
});
const REPEAT = Number(opts.repeat);
const ROWS = Number(opts.rows);
const RESAMPLES = Number(opts.resamples);

function runRecord(runId: string, shift: number): SubjectRecord {
  const metrics: Record<string, number> = {};
  for (let m = 0; m < 80; m += 1) metrics[`m${m}`] = 0.9 + shift;
  for (let s = 0; s < 20; s += 1) for (let k = 0; k < 20; k += 1) metrics[`recall${s}/segment=${k}`] = 0.85 + shift;
  return { runId, metrics, version: { name: 'fraud', version: shift > 0 ? 2 : 1 } };
}

function hundredRuleSpec(): string {
  const rules: string[] = [];
  for (let m = 0; m < 60; m += 1) rules.push(`  - metrics.m${m} >= 0.8`);
  for (let m = 60; m < 80; m += 1) rules.push(`  - metrics.m${m} >= champion - 0.01`);
  for (let s = 0; s < 20; s += 1) rules.push(`  - { slices: "metrics.recall${s}/segment=*", op: ">=", value: "champion - 0.02", min_slices: 20 }`);
  return `name: bench\nchampion: production\nrules:\n${rules.join('\n')}\n`;
}

function predictionsCsv(rows: number, accuracy: number, seed: number): string {
  const random = mulberry32(seed);
  const lines = ['id,label,prediction,score'];
  for (let i = 0; i < rows; i += 1) {
    const label = i % 2;
    const right = random() < accuracy;
    lines.push(`${i},${label},${right ? label : 1 - label},${right === (label === 1) ? 0.8 : 0.3}`);
  }
  return lines.join('\n');
}

async function time(label: string, action: () => Promise<string>): Promise<void> {
  const times: number[] = [];
  let note = '';
  for (let i = 0; i < REPEAT; i += 1) {
    const start = performance.now();
    note = await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(`${label}: median ${median.toFixed(1)} ms, min ${(times[0] ?? 0).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms over ${REPEAT} — ${note}`);
}

const specText = hundredRuleSpec();
const candidate = runRecord('cand', 0.01);
const champion = runRecord('champ', 0);
await time('parse 100-rule spec', () => Promise.resolve(`${parseGateSpec(specText).spec.rules.length} rules`));
await time('evaluate 100 rules × 20 slices', async () => {
  const result = await evaluateGate(parseGateSpec(specText).spec, gateData(candidate, champion));
  return `${result.status}, ${result.rules.length} rules`;
});

const artifacts = { 'cand/p.csv': predictionsCsv(ROWS, 0.86, 1), 'champ/p.csv': predictionsCsv(ROWS, 0.85, 2) };
for (const metric of ['accuracy', 'log_loss']) {
  const bootstrapSpec = parseGateSpec(`name: b\nchampion: production\nrules:\n  - { bootstrap: { predictions: p.csv, metric: ${metric}, resamples: ${RESAMPLES}, seed: 42 } }\n`).spec;
  await time(`bootstrap ${metric}, ${RESAMPLES} resamples × ${ROWS} predictions (CSV parse included)`, async () => {
    const result = await evaluateGate(bootstrapSpec, gateData({ runId: 'cand' }, { runId: 'champ' }, artifacts));
    return `${result.status}: ${result.rules[0]?.message ?? ''}`;
  });
}
