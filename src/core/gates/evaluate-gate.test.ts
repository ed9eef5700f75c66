import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateGate } from './evaluate-gate.js';
import { parseGateSpec } from './gate-spec.js';
import { gateData, type SubjectRecord } from './gate-test-data.js';

const CANDIDATE: SubjectRecord = {
  runId: 'cand', version: { name: 'fraud', version: 7 },
  metrics: { auc: 0.93, latency_p95_ms: 40, loss: NaN, 'recall/segment=a': 0.85, 'recall/segment=b': 0.81, other: 1 },
  params: { optimizer: 'adam', lr: '0.01' },
  tags: { team: 'risk', 'mlflow.source.git.commit': 'abc123' },
  datasets: [{ name: 'transactions', digest: 'd1' }],
};
const CHAMPION: SubjectRecord = {
  runId: 'champ', version: { name: 'fraud', version: 3 },
  metrics: { auc: 0.92, latency_p95_ms: 38, 'recall/segment=a': 0.84, 'recall/segment=b': 0.83 },
  params: { optimizer: 'sgd' },
};

const run = async (rules: string[], options: { champion?: string; candidate?: SubjectRecord; championRun?: SubjectRecord | null; artifacts?: Record<string, string> } = {}) => {
  const header = options.champion === undefined ? '' : `champion: ${options.champion}\n`;
  const { spec } = parseGateSpec(`name: g\n${header}rules:\n${rules.map((r) => `  - ${r}\n`).join('')}`);
  return evaluateGate(spec, gateData(options.candidate ?? CANDIDATE, options.championRun === undefined ? CHAMPION : options.championRun, options.artifacts));
};

describe('evaluateGate', () => {
  it('passes thresholds and champion comparisons, with values, thresholds and deltas filled', async () => {
    const result = await run(['metrics.auc >= 0.90', 'metrics.auc >= champion + 0.005', 'latency_p95_ms <= champion * 1.10', "params.optimizer == 'adam'", 'tags.team != "ops"', 'params.lr < 0.1'], { champion: 'production' });
    assert.equal(result.status, 'passed');
    assert.deepEqual(result.rules[0], { rule: 'metrics.auc >= 0.90', line: 4, kind: 'threshold', status: 'passed', value: 0.93, threshold: 0.9, message: '0.93 >= 0.9' });
    const vsChampion = result.rules[1];
    assert.equal(vsChampion?.kind, 'champion');
    assert.equal(vsChampion?.championValue, 0.92);
    assert.ok(Math.abs((vsChampion?.threshold ?? 0) - 0.925) < 1e-12 && Math.abs((vsChampion?.delta ?? 0) - 0.01) < 1e-12);
    assert.equal(vsChampion?.message, '0.93 >= 0.925 (champion fraud v3 (@production): 0.92 + 0.005)');
    assert.equal(result.rules[2]?.message, '40 <= 41.8 (champion fraud v3 (@production): 38 * 1.1)');
    assert.deepEqual(result.rules.slice(3).map((r) => [r.kind, r.status, r.value]), [['param', 'passed', 'adam'], ['tag', 'passed', 'risk'], ['param', 'passed', 0.01]]);
  });

  it('fails a rule that does not hold, and a NaN never passes', async () => {
    const result = await run(['metrics.auc >= 0.95', 'metrics.loss <= 1', 'metrics.loss != 1']);
    assert.equal(result.status, 'failed');
    assert.deepEqual(result.rules.map((r) => [r.status, r.message]), [
      ['failed', '0.93 is not >= 0.95'], ['failed', "metric 'loss' is NaN: a NaN never passes"], ['failed', "metric 'loss' is NaN: a NaN never passes"],
    ]);
  });

  it('makes a metric the run never logged an error naming it and the spec line, unless allow_missing', async () => {
    const result = await run(['metrics.auc >= 0.9', 'metrics.f1 >= 0.5', '{ metric: recall, op: ">", value: 0.5, allow_missing: true }']);
    assert.equal(result.status, 'error');
    assert.deepEqual(result.rules.slice(1).map((r) => [r.status, r.message]), [
      ['error', "metric 'f1' was not logged by run cand (spec line 4)"], ['passed', "metric 'recall' not logged; allowed"],
    ]);
  });

  it('errors on champion rules without a champion holder, or passes them with if_missing: pass', async () => {
    const missing = await run(['metrics.auc >= champion'], { champion: 'production', championRun: null });
    assert.equal(missing.status, 'error');
    assert.equal(missing.rules[0]?.message, "no champion: no version of fraud holds alias 'production' (spec line 4; champion.if_missing: pass accepts that)");
    const allowed = await run(['metrics.auc >= champion'], { champion: '{ alias: production, if_missing: pass }', championRun: null });
    assert.equal(allowed.status, 'passed');
    assert.equal(allowed.rules[0]?.message, "no champion yet: no version of fraud holds alias 'production'");
    const notLogged = await run(['metrics.other >= champion'], { champion: 'production' });
    assert.equal(notLogged.rules[0]?.message, "champion fraud v3 (@production) did not log metric 'other' (spec line 4)");
  });

  it('holds every slice to the bound and lists each one', async () => {
    const pass = await run(['{ slices: "metrics.recall/segment=*", op: ">=", value: 0.8, min_slices: 2 }']);
    assert.equal(pass.status, 'passed');
    assert.equal(pass.rules[0]?.message, "all 2 slices of 'recall/segment=*' pass (worst recall/segment=b = 0.81)");
    assert.equal(pass.rules[0]?.value, 0.81);
    const slices = (pass.rules[0]?.details as { slices: { key: string; status: string }[] }).slices;
    assert.deepEqual(slices.map((s) => [s.key, s.status]), [['recall/segment=a', 'passed'], ['recall/segment=b', 'passed']]);
    const fail = await run(['{ slices: "metrics.recall/segment=*", op: ">=", value: "champion - 0.01" }'], { champion: 'production' });
    assert.equal(fail.status, 'failed');
    assert.equal(fail.rules[0]?.message, "1 of 2 slices of 'recall/segment=*' do not pass: recall/segment=b: 0.81 is not >= 0.82 (champion fraud v3 (@production): 0.83 - 0.01)");
    const few = await run(['{ slices: "metrics.recall/segment=*", op: ">=", value: 0.8, min_slices: 3 }']);
    assert.equal(few.status, 'error');
    assert.equal(few.rules[0]?.message, "2 metric(s) match 'recall/segment=*' in run cand; min_slices is 3 (spec line 3)");
  });

  it('checks artifacts and lineage', async () => {
    const result = await run(['{ artifact: model/MLmodel }', '{ artifact: model/conda.yaml }', '{ lineage: dataset }', '{ lineage: dataset, name: accounts }', '{ lineage: git_commit }', '{ lineage: clean_tree }'], { artifacts: { 'cand/model/MLmodel': 'x' } });
    assert.deepEqual(result.rules.map((r) => [r.kind, r.status, r.message]), [
      ['artifact', 'passed', 'artifact model/MLmodel is present'],
      ['artifact', 'failed', 'artifact model/conda.yaml is not in run cand'],
      ['lineage', 'passed', 'dataset input(s) logged: transactions'],
      ['lineage', 'failed', "run cand did not log dataset 'accounts': its inputs are transactions"],
      ['lineage', 'passed', 'trained from commit abc123'],
      ['lineage', 'passed', 'no dirty-tree flag (strata.git.dirty not set)'],
    ]);
    const dirty = await run(['{ lineage: clean_tree }', '{ lineage: git_commit }'], { candidate: { runId: 'c2', tags: { 'strata.git.dirty': 'true' } } });
    assert.deepEqual(dirty.rules.map((r) => r.status), ['failed', 'failed']);
  });

  it('bootstraps the improvement over the champion, reproducibly, and errors on unreadable predictions', async () => {
    const rows = 2000;
    const labels = Array.from({ length: rows }, (_, i) => i % 2);
    const csv = (correctEvery: number) => ['id,label,prediction', ...labels.map((y, i) => `${i},${y},${i % correctEvery === 0 ? 1 - y : y}`)].join('\n');
    const artifacts = { 'cand/preds.csv': csv(20), 'champ/preds.csv': csv(5) };
    const rule = '{ bootstrap: { predictions: preds.csv, metric: accuracy, resamples: 300, seed: 7 } }';
    const better = await run([rule], { champion: 'production', artifacts });
    assert.equal(better.status, 'passed', better.rules[0]?.message);
    assert.equal(better.rules[0]?.value, 0.95);
    assert.equal(better.rules[0]?.championValue, 0.8);
    const details = better.rules[0]?.details as { ci_low: number; ci_high: number; paired_by: string };
    assert.ok(details.ci_low > 0.12 && details.ci_high < 0.18 && details.paired_by === 'id', JSON.stringify(details));
    assert.deepEqual((await run([rule], { champion: 'production', artifacts })).rules, better.rules);
    const worse = await run([rule], { champion: 'production', artifacts: { 'cand/preds.csv': csv(5), 'champ/preds.csv': csv(20) } });
    assert.equal(worse.status, 'failed');
    const missing = await run([rule], { champion: 'production', artifacts: { 'cand/preds.csv': csv(5) } });
    assert.deepEqual([missing.status, missing.rules[0]?.message], ['error', 'artifact preds.csv does not exist in run champ (spec line 4)']);
  });
});
