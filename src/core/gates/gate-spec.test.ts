import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateSpecErrorDetails } from '../../api/strata-gates.js';
import { isStrataError } from '../errors.js';
import { championAliasOf, parseGateSpec } from './gate-spec.js';

const problemsOf = (text: string): string[] => {
  try {
    parseGateSpec(text);
  } catch (error) {
    assert.ok(isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE');
    const details = error.details as unknown as GateSpecErrorDetails;
    for (const p of details.problems) assert.ok(error.message.includes(`line ${p.line}, column ${p.column}: ${p.message}`));
    return details.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  }
  throw new Error('accepted');
};

const FULL = `# offline evaluation of the fraud model
name: offline-eval
model: fraud
champion: { alias: production, if_missing: pass }
rules:
  - metrics.auc >= 0.90
  - metrics.auc >= champion + 0.005
  - latency_p95_ms <= champion * 1.10
  - params.optimizer == 'adam'
  - tags.team == "risk"
  - metrics.\`recall/segment=a\` > 0.5
  - { metric: auc, op: ">=", value: 0.9, allow_missing: true, name: "AUC floor" }
  - { slices: "metrics.recall/segment=*", op: ">=", value: 0.80, min_slices: 2 }
  - { slices: "metrics.recall/segment=*", op: ">=", value: "champion - 0.01" }
  - { artifact: model/MLmodel }
  - { lineage: dataset }
  - { lineage: dataset, name: transactions }
  - { lineage: git_commit }
  - { lineage: clean_tree }
  - bootstrap: { predictions: predictions.csv, metric: accuracy, resamples: 500, seed: 42 }
`;

describe('gate specs', () => {
  it('reads every rule kind with its line, defaults filled', () => {
    const { spec } = parseGateSpec(FULL);
    assert.equal(spec.name, 'offline-eval');
    assert.equal(spec.model, 'fraud');
    assert.deepEqual(spec.champion, { alias: 'production', ifMissing: 'pass' });
    assert.equal(spec.rules.length, 15);
    assert.deepEqual(spec.rules[0], { kind: 'compare', text: 'metrics.auc >= 0.90', line: 6, name: null, field: { kind: 'metric', key: 'auc' }, op: '>=', bound: { kind: 'value', value: 0.9 }, allowMissing: false });
    assert.deepEqual(spec.rules[1]?.kind === 'compare' && spec.rules[1].bound, { kind: 'champion', arithmetic: { op: '+', operand: 0.005 } });
    assert.deepEqual(spec.rules[2]?.kind === 'compare' && spec.rules[2].field, { kind: 'metric', key: 'latency_p95_ms' });
    assert.deepEqual(spec.rules[3]?.kind === 'compare' && [spec.rules[3].field, spec.rules[3].bound], [{ kind: 'param', key: 'optimizer' }, { kind: 'value', value: 'adam' }]);
    assert.deepEqual(spec.rules[5]?.kind === 'compare' && spec.rules[5].field.key, 'recall/segment=a');
    assert.deepEqual(spec.rules[6], { kind: 'compare', text: '{ metric: auc, op: ">=", value: 0.9, allow_missing: true, name: "AUC floor" }', line: 12, name: 'AUC floor', field: { kind: 'metric', key: 'auc' }, op: '>=', bound: { kind: 'value', value: 0.9 }, allowMissing: true });
    assert.deepEqual(spec.rules[7], { kind: 'slices', text: spec.rules[7]?.text, line: 13, name: null, pattern: 'recall/segment=*', op: '>=', bound: { kind: 'value', value: 0.8 }, minSlices: 2 });
    assert.deepEqual(spec.rules[8]?.kind === 'slices' && spec.rules[8].bound, { kind: 'champion', arithmetic: { op: '-', operand: 0.01 } });
    assert.deepEqual(spec.rules[9]?.kind === 'artifact' && spec.rules[9].path, 'model/MLmodel');
    assert.deepEqual(spec.rules.slice(10, 14).map((r) => r.kind === 'lineage' && [r.requirement, r.dataset]), [['dataset', null], ['dataset', 'transactions'], ['git_commit', null], ['clean_tree', null]]);
    assert.deepEqual(spec.rules[14], {
      kind: 'bootstrap', text: '{ bootstrap: { predictions: predictions.csv, metric: accuracy, resamples: 500, seed: 42 } }', line: 20, name: null, predictions: 'predictions.csv', championPredictions: 'predictions.csv',
      metric: 'accuracy', resamples: 500, seed: 42, confidence: 0.95, minDelta: 0,
    });
    assert.deepEqual(championAliasOf(spec), { alias: 'production', model: 'fraud', ifMissing: 'pass' });
  });

  it('has a canonical form that comments, layout and key order do not change', () => {
    const a = parseGateSpec('name: g\nchampion: { alias: prod }\nrules:\n  - metrics.auc >= 0.9\n  - { metric: f1, op: ">", value: champion }\n');
    const b = parseGateSpec('# a comment\nrules:\n- metrics.auc>=0.90   # floor\n- op: ">"\n  value: champion\n  metric: f1\nchampion:\n  if_missing: error\n  alias: prod\nname: g\n');
    assert.equal(a.canonical, b.canonical);
    assert.notEqual(a.canonical, parseGateSpec('name: g\nrules: [metrics.auc >= 0.91]').canonical);
  });

  it('points a typo\'d operator at its column in the file', () => {
    assert.deepEqual(problemsOf('name: g\nrules:\n  - metrics.auc => 0.9\n'), ["3:17: unknown operator '=>' (expected one of >=, >, <=, <, ==, !=)"]);
    assert.deepEqual(problemsOf('name: g\nrules:\n  - "metrics.auc >> 0.9"\n'), ["3:18: unknown operator '>>' (expected one of >=, >, <=, <, ==, !=)"]);
    assert.deepEqual(problemsOf('name: g\nrules:\n  - { metric: auc, op: "=>", value: 1 }\n'), ["3:25: unknown operator '=>' (expected one of >=, >, <=, <, ==, !=)"]);
  });

  it('reports every problem at once, each with its line and column', () => {
    const problems = problemsOf([
      'name: "bad name!"', 'colour: blue', 'rules:', '  - metricz.auc >= 1', '  - metrics.auc >= champion + x', '  - metrics.auc >= 0.9 extra',
      "  - metrics.auc >= 'high'", '  - { metric: auc, op: ">=", value: 1, allow_missing: yes please }', '  - { lineage: docker }',
      '  - { artifact: a, lineage: dataset }', '  - metrics.recall/segment=a >= 1', '  - { slices: "metrics.recall", op: ">", value: 1 }',
      '  - { bootstrap: { metric: auroc, seed: -1 } }', '  - 42',
    ].join('\n'));
    assert.deepEqual(problems, [
      "1:7: name must be 1 to 100 letters, digits, '_', '.' or '-', got 'bad name!'",
      "2:1: spec: unknown field 'colour' (expected one of name, description, model, champion, rules)",
      "4:5: unknown entity type 'metricz' (valid: metric, metrics, param, params, parameter, parameters, tag, tags)",
      "5:31: expected a number after 'champion +' but found 'x'",
      "6:24: unexpected 'extra' after the value",
      "7:20: metric 'auc' compares with a number, not a string",
      "8:55: allow_missing must be true or false, got 'yes please'",
      "9:16: unknown lineage 'docker' (expected one of dataset, git_commit, clean_tree)",
      '10:5: a rule object needs exactly one of metric, param, tag, slices, artifact, lineage, bootstrap (found artifact and lineage)',
      "11:19: expected an operator (>=, >, <=, <, ==, !=) but found '/segment=a' (quote a key with other characters: metrics.`recall/segment:a`)",
      '12:15: slices must be a metric key pattern with \'*\', such as "metrics.recall/segment=*", got \'metrics.recall\'',
      '13:18: bootstrap: predictions is required',
      "13:28: unknown bootstrap metric 'auroc' (expected one of accuracy, error_rate, log_loss, brier, mse, mae)",
      '13:41: seed must be a whole number from 0 to 2^32 − 1, got -1',
      "14:5: a rule is an expression ('metrics.auc >= 0.9') or a rule object ({ artifact: model/MLmodel }), got 42",
    ]);
  });

  it('explains the YAML traps: an unquoted operator, a colon in an expression, a missing op or value', () => {
    assert.deepEqual(problemsOf('name: g\nrules:\n  - metric: auc\n    op: >=\n    value: 1\n'), ['4:10: Block scalar header includes extra characters: >= (quote operators in YAML: op: ">=")']);
    assert.deepEqual(problemsOf('name: g\nrules:\n  - metrics.auc: 0.9\n  - { metric: auc }\n'), [
      "3:5: a rule object needs exactly one of metric, param, tag, slices, artifact, lineage, bootstrap (found none); for a comparison write 'metrics.auc >= …' (': ' makes YAML read a mapping)",
      '4:5: op is required (one of >=, >, <=, <, ==, !=)',
      '4:5: value is required: a number or a champion expression ("champion + 0.005")',
    ]);
  });

  it('refuses champion rules when the spec names no champion, and YAML syntax errors with their place', () => {
    assert.deepEqual(problemsOf('name: g\nrules:\n  - metrics.auc >= champion\n'), ['3:5: this rule compares with the champion but the spec names none (add champion: { alias: production })']);
    assert.deepEqual(problemsOf('name: g\nrules: []\n'), ['2:8: rules must be a non-empty list of rules']);
    assert.deepEqual(problemsOf('rules:\n  - metrics.auc >= 1\n'), ['1:1: name is required (the name policies refer to)']);
    const syntax = problemsOf('name: g\nrules:\n  - { metric: auc\n');
    assert.match(syntax.join(), /^4:1: Flow map/);
    assert.match(problemsOf('name: g\nname: h\nrules: [a >= 1]\n')[0] ?? '', /^2:1: .*unique/i);
  });
});
