import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completeFilter, tokenizeFilter, type FilterKey } from '../../web/src/features/runs/state/filterLanguage.js';

const KEYS: FilterKey[] = [
  { kind: 'metrics', key: 'accuracy', count: 240 },
  { kind: 'metrics', key: 'val_accuracy', count: 12 },
  { kind: 'metrics', key: 'loss', count: 240 },
  { kind: 'params', key: 'lr', count: 240 },
  { kind: 'tags', key: 'mlflow.source.name', count: 5 },
];

const labels = (text: string, caret = text.length) => completeFilter(text, caret, KEYS)?.suggestions.map((s) => s.label);

describe('filter language in the filter box', () => {
  it('splits every character into one token, even in unfinished text', () => {
    for (const text of ["metrics.acc > 0.9 AND params.`my lr` IN ('a', 'b''c')", "tags.team = 'vis", 'metrics.loss >> 1', '(NOT status IS NULL) OR ~']) {
      const tokens = tokenizeFilter(text);
      assert.equal(tokens.map((t) => t.text).join(''), text);
    }
    const kinds = tokenizeFilter("metrics.acc >= 1e-3 and tags.`x` LIKE 'a%'").filter((t) => t.kind !== 'space').map((t) => t.kind);
    assert.deepEqual(kinds, ['prefix', 'op', 'number', 'keyword', 'prefix', 'key', 'keyword', 'string']);
  });

  it('offers prefixes, then keys of that kind by match and run count', () => {
    assert.deepEqual(labels(''), ['metrics.', 'params.', 'tags.', 'attributes.']);
    assert.deepEqual(labels('met'), ['metrics.']);
    // A bare word also finds keys of every kind that contain it.
    assert.deepEqual(labels('acc'), ['metrics.accuracy', 'metrics.val_accuracy']);
    assert.deepEqual(labels('metrics.'), ['accuracy', 'loss', 'val_accuracy']);
    assert.deepEqual(labels('metrics.acc'), ['accuracy', 'val_accuracy']);
    assert.deepEqual(labels('tags.mlflow.s'), ['mlflow.source.name']);
    assert.deepEqual(labels('attributes.st'), ['status', 'start_time']);
    assert.deepEqual(labels('metrics.loss < 1 AND (par'), ['params.']);
  });

  it('quotes keys that are not plain identifiers', () => {
    const completion = completeFilter('tags.mlflow', 11, KEYS);
    assert.equal(completion?.suggestions[0]?.insert, 'tags.`mlflow.source.name` ');
    assert.equal(completion?.from, 0);
  });

  it('offers operators by type after a field, AND/OR after a value, nothing inside a value', () => {
    assert.ok(labels('metrics.loss ')?.includes('>='));
    assert.ok(!labels('metrics.loss ')?.includes('LIKE'));
    assert.ok(labels('params.lr ')?.includes('IN ('));
    assert.ok(labels('attributes.start_time ')?.includes('<'));
    assert.deepEqual(labels("params.lr = '0.1' "), ['AND', 'OR']);
    assert.deepEqual(labels('metrics.loss IS NULL '), ['AND', 'OR']);
    assert.equal(completeFilter("params.lr IN ('a', ", 19, KEYS), undefined);
    assert.equal(completeFilter('metrics.loss > ', 15, KEYS), undefined);
  });
});
