import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from './errors.js';
import {
  isPathNotUnique,
  parseDouble,
  parseInt64,
  toMetric,
  toRunStatus,
  toViewType,
  validateBatchLimits,
  validateExperimentName,
  validateKeyName,
  validateParam,
  validateNameCharacters,
  validateParamKeysUnique,
  validateRunTag,
  validateSearchExperimentIds,
} from './validation.js';

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isStrataError(error));
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('key names', () => {
  it('accepts what MLflow accepts', () => {
    for (const name of ['loss', 'train/loss', 'a.b-c d', 'val:acc', 'ünïcode_1']) validateKeyName(name, 'key');
  });

  it('refuses bad characters with MLflow message', () => {
    rejects(() => validateKeyName('a!b', 'key'), /Invalid value "a!b" for parameter 'key' supplied: Names may only contain/);
  });

  it('refuses names that resolve to other paths', () => {
    for (const name of ['a/../b', './a', 'a/', '/a', '..', 'a//b', '.', '']) {
      assert.ok(isPathNotUnique(name), name);
      rejects(() => validateKeyName(name, 'key'), /would resolve to/);
    }
    assert.equal(isPathNotUnique('a/b'), false);
  });

  it('refuses keys over 250 characters', () => {
    rejects(() => validateParam('k'.repeat(251), 'v'), /Param key '.*' had length 251, which exceeded length limit of 250/);
  });
});

describe('values', () => {
  it('truncates long param and tag values like MLflow 2.x servers', () => {
    assert.equal(validateParam('p', 'x'.repeat(6001)).value.length, 6000);
    assert.equal(validateRunTag('t', 'x'.repeat(8001)).value.length, 8000);
    assert.equal(validateParam('p', 'short').value, 'short');
  });

  it('parses doubles as proto3 JSON does', () => {
    assert.equal(parseDouble(1.5), 1.5);
    assert.equal(parseDouble('2.5e3'), 2500);
    assert.ok(Number.isNaN(parseDouble('NaN')));
    assert.equal(parseDouble('Infinity'), Number.POSITIVE_INFINITY);
    assert.equal(parseDouble('-Infinity'), Number.NEGATIVE_INFINITY);
    assert.equal(parseDouble('abc'), undefined);
    assert.equal(parseDouble(true), undefined);
  });

  it('parses int64 from numbers and integer strings only', () => {
    assert.equal(parseInt64(12), 12);
    assert.equal(parseInt64('-12'), -12);
    assert.equal(parseInt64(1.5), undefined);
    assert.equal(parseInt64('1.5'), undefined);
    assert.equal(parseInt64(2 ** 60), undefined);
  });
});

describe('metrics', () => {
  it('converts a wire metric', () => {
    assert.deepEqual(toMetric({ key: 'm', value: 'NaN', timestamp: '10', step: 3 }).step, 3);
    assert.equal(toMetric({ key: 'm', value: 1, timestamp: 10 }).step, 0);
  });

  it('refuses missing, non-numeric or negative fields', () => {
    rejects(() => toMetric({ key: 'm', value: 1 }), /Missing value for required parameter 'timestamp'/);
    rejects(() => toMetric({ key: 'm', value: 'x', timestamp: 1 }, 'metrics[2]'), /metrics\[2\]\.value/);
    rejects(() => toMetric({ key: 'm', value: 1, timestamp: -1 }), /Timestamp must be a nonnegative long/);
    rejects(() => toMetric({ key: 'm', value: 1, timestamp: 1, step: 0.5 }), /Step must be a valid long/);
  });
});

describe('batches', () => {
  it('enforces MLflow limits', () => {
    validateBatchLimits({ metrics: 1000, params: 0, tags: 0 });
    rejects(() => validateBatchLimits({ metrics: 1001, params: 0, tags: 0 }), /at most 1000 metrics/);
    rejects(() => validateBatchLimits({ metrics: 0, params: 101, tags: 0 }), /at most 100 params/);
    rejects(() => validateBatchLimits({ metrics: 0, params: 0, tags: 101 }), /at most 100 tags/);
    rejects(() => validateBatchLimits({ metrics: 900, params: 100, tags: 1 }), /at most 1000 metrics, params, and tags/);
  });

  it('refuses duplicate param keys', () => {
    rejects(
      () => validateParamKeysUnique([{ key: 'a', value: '1' }, { key: 'a', value: '2' }]),
      /Duplicate parameter keys have been submitted: \['a'\]/,
    );
  });
});

describe('other fields', () => {
  it('checks experiment names', () => {
    rejects(() => validateExperimentName(''), /Invalid experiment name: ''/);
    rejects(() => validateExperimentName('x'.repeat(501)), /exceeds the maximum length of 500/);
    assert.equal(validateExperimentName('ok'), 'ok');
  });

  it('reads enums by name or number', () => {
    assert.equal(toRunStatus('FINISHED'), 'FINISHED');
    assert.equal(toRunStatus(3), 'FINISHED');
    rejects(() => toRunStatus('DONE'), /parameter 'status'/);
    assert.equal(toViewType(undefined), 'ACTIVE_ONLY');
    assert.equal(toViewType('3'), 'ALL');
    assert.equal(toViewType('DELETED_ONLY'), 'DELETED_ONLY');
  });
});

describe('issue 10 input rules', () => {
  it('refuses C0 and C1 control characters in names, tab and newline included', () => {
    for (const name of ['a\u0000', 'a\tb', 'a\nb', '\u001b[2J', 'del\u007f', 'nel\u0085', 'c1\u009f']) {
      rejects(() => validateNameCharacters(name, 'name'), /Names may not contain control characters/);
      rejects(() => validateExperimentName(name), /Names may not contain control characters/);
    }
    for (const name of ['plain', 'ünïcode ✓', 'emoji \u{1F600}', 'a/b:c']) validateNameCharacters(name, 'name');
  });

  it('caps the experiments one search covers', () => {
    validateSearchExperimentIds(Array.from({ length: 1000 }, (_, i) => String(i)));
    rejects(() => validateSearchExperimentIds(Array.from({ length: 1001 }, (_, i) => String(i))), /at most 1000 experiment_ids; got 1001/);
  });

  it('quotes only the start of a long invalid value', () => {
    rejects(() => validateKeyName(`${'k'.repeat(100_000)}!`, 'key'), /^Invalid value "k{250}"… \(100001 characters\) for parameter 'key' supplied/);
    rejects(() => validateParam('p'.repeat(5000), 'v'), /Param key 'p{250}… \(5000 characters\)' had length 5000/);
  });
});
