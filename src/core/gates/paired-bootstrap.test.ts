import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../errors.js';
import { bootstrapMeanInterval, mulberry32, pairedBootstrap, pairRows, perExampleScores } from './paired-bootstrap.js';
import { parsePredictions } from './prediction-file.js';

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    assert.ok(isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE');
    return error.message;
  }
  throw new Error('accepted');
};

describe('prediction files', () => {
  it('reads CSV and JSONL alike', () => {
    const csv = parsePredictions('id,label,prediction,score\r\na,1,1,0.9\nb,0,1,0.6\n', 'p.csv');
    const jsonl = parsePredictions('{"id":"a","label":1,"prediction":1,"score":0.9}\n\n{"id":"b","label":0,"prediction":1,"score":0.6}\n', 'p.jsonl');
    assert.deepEqual(csv, jsonl);
    assert.deepEqual(csv.ids, ['a', 'b']);
    assert.deepEqual([...(csv.scores ?? [])], [0.9, 0.6]);
    assert.equal(parsePredictions('{"label":"cat","prediction":"dog"}', 'predictions').predictions?.[0], 'dog');
  });

  it('refuses what it cannot read, naming the file and the line', () => {
    assert.equal(refusal(() => parsePredictions('label,prediction\n"a,b",1\n', 'p.csv')), 'p.csv line 2: quoted CSV fields are not supported; write the predictions as JSONL');
    assert.equal(refusal(() => parsePredictions('label,prediction\n1\n', 'p.csv')), 'p.csv line 2: 1 fields, the header has 2');
    assert.equal(refusal(() => parsePredictions('y,prediction\n1,1\n', 'p.csv')), "p.csv has no 'label' column (columns: y, prediction)");
    assert.equal(refusal(() => parsePredictions('label\n1\n', 'p.csv')), "p.csv needs a 'prediction' or a 'score'/'probability' column");
    assert.equal(refusal(() => parsePredictions('{"label":1}\nnot json\n', 'p.jsonl')), 'p.jsonl line 2: not a JSON object');
    assert.equal(refusal(() => parsePredictions('label,score\n1,high\n', 'p.csv')), "p.csv column score, row 1: 'high' is not a number");
    assert.equal(refusal(() => parsePredictions('label,prediction\n', 'p.csv')), 'p.csv has no predictions');
  });
});

describe('paired bootstrap', () => {
  const table = parsePredictions('label,prediction,probability\n1,1,0.8\n0,1,0.6\n1,0,0.3\n0,0,0.1\n', 'p.csv');

  it('computes per-example scores for every metric', () => {
    const scores = (metric: Parameters<typeof perExampleScores>[1]) => [...perExampleScores(table, metric, 'p')].map((v) => Number(v.toFixed(4)));
    assert.deepEqual(scores('accuracy'), [1, 0, 0, 1]);
    assert.deepEqual(scores('error_rate'), [0, 1, 1, 0]);
    assert.deepEqual(scores('brier'), [0.04, 0.36, 0.49, 0.01]);
    assert.deepEqual(scores('log_loss'), [0.2231, 0.9163, 1.204, 0.1054]);
    assert.deepEqual(scores('mse'), [0, 1, 1, 0]);
    assert.deepEqual(scores('mae'), [0, 1, 1, 0]);
    const byScore = parsePredictions('label,score\n1,0.8\n0,0.6\n', 'p.csv');
    assert.deepEqual([...perExampleScores(byScore, 'accuracy', 'p')], [1, 0]);
    assert.equal(refusal(() => perExampleScores(parsePredictions('label,score\n2,0.5\n', 'p.csv'), 'log_loss', 'p')), "p, row 1: label '2' is not 0/1 (this metric is for binary labels)");
    assert.equal(refusal(() => perExampleScores(parsePredictions('label,score\n1,1.5\n', 'p.csv'), 'brier', 'p')), 'p, row 1: probability 1.5 is not between 0 and 1');
  });

  it('pairs by id when both files have one, else by row', () => {
    const a = parsePredictions('id,label,prediction\nx,1,1\ny,0,0\n', 'a.csv');
    const b = parsePredictions('id,label,prediction\ny,0,1\nx,1,1\n', 'b.csv');
    assert.deepEqual(pairRows(a, b), { order: Int32Array.from([1, 0]), pairedBy: 'id' });
    assert.equal(pairRows(a, parsePredictions('label,prediction\n1,1\n0,0\n', 'c.csv')).pairedBy, 'row');
    assert.match(refusal(() => pairRows(a, table)), /2 candidate rows and 4 champion rows/);
    assert.match(refusal(() => pairRows(a, parsePredictions('id,label,prediction\nx,1,1\nz,0,0\n', 'd.csv'))), /candidate id 'y' has no champion prediction/);
  });

  it('is reproducible for a seed, and its interval covers the true difference', () => {
    const first = mulberry32(42);
    const again = mulberry32(42);
    const draws = Array.from({ length: 5 }, () => first());
    assert.deepEqual(draws, Array.from({ length: 5 }, () => again()));
    assert.ok(draws.every((d) => d >= 0 && d < 1));
    assert.notDeepEqual(draws, Array.from({ length: 5 }, mulberry32(43)));
    const differences = Float64Array.from({ length: 4000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const interval = bootstrapMeanInterval(differences, 500, 1, 0.95);
    assert.equal(interval.estimate, 0.25);
    assert.ok(interval.low < 0.25 && interval.low > 0.22 && interval.high > 0.25 && interval.high < 0.28, JSON.stringify(interval));
    assert.deepEqual(bootstrapMeanInterval(differences, 500, 1, 0.95), interval);
  });

  it('orients the improvement so that lower losses count as better', () => {
    const good = parsePredictions('label,probability\n1,0.9\n0,0.1\n1,0.8\n0,0.2\n', 'g.csv');
    const bad = parsePredictions('label,probability\n1,0.6\n0,0.4\n1,0.5\n0,0.5\n', 'b.csv');
    const result = pairedBootstrap(good, bad, { metric: 'brier', resamples: 200, seed: 3, confidence: 0.9 });
    assert.ok(result.estimate > 0 && result.candidateMetric < result.championMetric);
    assert.equal(result.examples, 4);
  });
});
