// Tests run under Node; the no-node:* rule is for core's production code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../errors.js';
import {
  parseExperimentFilter,
  parseExperimentOrderBy,
  parseModelFilter,
  parseModelOrderBy,
  parseModelVersionFilter,
  parseRunOrderBy,
} from './index.js';

function assertError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isStrataError(error), String(error));
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('parseRunOrderBy', () => {
  it('parses keys with optional direction, ascending by default', () => {
    assert.deepEqual(parseRunOrderBy(['metrics.acc DESC', 'params.lr', 'tags.`a b` asc', 'created desc', 'attributes.run_name']), [
      { entity: { kind: 'metric', key: 'acc' }, ascending: false },
      { entity: { kind: 'param', key: 'lr' }, ascending: true },
      { entity: { kind: 'tag', key: 'a b' }, ascending: true },
      { entity: { kind: 'attribute', key: 'start_time' }, ascending: false },
      { entity: { kind: 'attribute', key: 'run_name' }, ascending: true },
    ]);
    assert.deepEqual(parseRunOrderBy([]), []);
  });

  it('rejects unknown attributes, datasets and trailing words with positions', () => {
    assertError(() => parseRunOrderBy(['nope']), /^Invalid order_by clause 'nope': unknown attribute 'nope'.* at position 1$/);
    assertError(() => parseRunOrderBy(['datasets.name']), /unknown entity type 'datasets'/);
    assertError(() => parseRunOrderBy(['metrics.a up']), /expected 'ASC', 'DESC' or the end of the clause but found 'up' at position 11$/);
    assertError(() => parseRunOrderBy(['metrics.a DESC DESC']), /unexpected 'DESC' at position 16$/);
    assertError(() => parseRunOrderBy(['']), /expected an identifier but found end of input at position 1$/);
  });
});

describe('experiment search', () => {
  it('parses name, times and tags', () => {
    assert.deepEqual(parseExperimentFilter("name ILIKE '%exp%' AND creation_time > 5 AND tags.k IN ('a')"), {
      type: 'and',
      operands: [
        { type: 'string', identifier: { kind: 'attribute', key: 'name' }, op: 'ILIKE', value: '%exp%' },
        { type: 'numeric', identifier: { kind: 'attribute', key: 'creation_time' }, op: '>', value: 5 },
        { type: 'in', identifier: { kind: 'tag', key: 'k' }, values: ['a'], negated: false },
      ],
    });
  });

  it('rejects run-only names', () => {
    assertError(() => parseExperimentFilter('metrics.a = 1'), /unknown entity type 'metrics'/);
    assertError(() => parseExperimentFilter("status = 'a'"), /unknown attribute 'status'/);
    assertError(() => parseExperimentFilter("last_update_time = 'a'"), /attribute value must be a number/);
  });

  it('orders by the four MLflow keys only', () => {
    assert.deepEqual(parseExperimentOrderBy(['experiment_id DESC', 'last_update_time']), [
      { entity: { kind: 'attribute', key: 'experiment_id' }, ascending: false },
      { entity: { kind: 'attribute', key: 'last_update_time' }, ascending: true },
    ]);
    assertError(() => parseExperimentOrderBy(['tags.a']), /tags cannot be used here|unknown entity type 'tags'/);
  });
});

describe('model registry search', () => {
  it('parses registered model filters and order_by', () => {
    assert.deepEqual(parseModelFilter("name LIKE 'm%' AND tags.team = 'a' AND last_updated_timestamp > 3"), {
      type: 'and',
      operands: [
        { type: 'string', identifier: { kind: 'attribute', key: 'name' }, op: 'LIKE', value: 'm%' },
        { type: 'string', identifier: { kind: 'tag', key: 'team' }, op: '=', value: 'a' },
        { type: 'numeric', identifier: { kind: 'attribute', key: 'last_updated_timestamp' }, op: '>', value: 3 },
      ],
    });
    assert.deepEqual(parseModelOrderBy(['timestamp DESC', 'name']), [
      { entity: { kind: 'attribute', key: 'creation_timestamp' }, ascending: false },
      { entity: { kind: 'attribute', key: 'name' }, ascending: true },
    ]);
  });

  it('parses model version filters', () => {
    assert.deepEqual(parseModelVersionFilter("name = 'm' AND run_id IN ('r1', 'r2') AND source_path LIKE 's3://%' AND version_number >= 2"), {
      type: 'and',
      operands: [
        { type: 'string', identifier: { kind: 'attribute', key: 'name' }, op: '=', value: 'm' },
        { type: 'in', identifier: { kind: 'attribute', key: 'run_id' }, values: ['r1', 'r2'], negated: false },
        { type: 'string', identifier: { kind: 'attribute', key: 'source_path' }, op: 'LIKE', value: 's3://%' },
        { type: 'numeric', identifier: { kind: 'attribute', key: 'version_number' }, op: '>=', value: 2 },
      ],
    });
    assertError(() => parseModelVersionFilter("stage = 'x'"), /unknown attribute 'stage'/);
  });
});
