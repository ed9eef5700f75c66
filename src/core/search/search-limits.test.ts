// Tests run under Node; the no-node:* rule is for core's production code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SEARCH_FILTER_LENGTH, MAX_SEARCH_FILTER_TERMS, MAX_SEARCH_ORDER_BY_CLAUSES } from '../../api/limits.js';
import { isStrataError } from '../errors.js';
import {
  parseExperimentFilter,
  parseModelFilter,
  parseModelVersionFilter,
  parseRunFilter,
  parseRunOrderBy,
} from './index.js';

function rejects(fn: () => unknown, pattern: RegExp): string {
  let message = '';
  assert.throws(fn, (error: unknown) => {
    assert.ok(isStrataError(error), String(error));
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    assert.match(error.message, pattern);
    message = error.message;
    return true;
  });
  return message;
}

const conjunction = (terms: number, term: string) => Array.from({ length: terms }, () => term).join(' AND ');

describe('search limits', () => {
  it('accepts a filter of exactly the maximum number of comparisons, in every search', () => {
    assert.ok(parseRunFilter(conjunction(MAX_SEARCH_FILTER_TERMS, 'metrics.m > 0')));
    assert.ok(parseExperimentFilter(conjunction(MAX_SEARCH_FILTER_TERMS, "tags.t = 'x'")));
    assert.ok(parseModelFilter(conjunction(MAX_SEARCH_FILTER_TERMS, "name = 'x'")));
    assert.ok(parseModelVersionFilter(conjunction(MAX_SEARCH_FILTER_TERMS, "run_id = 'x'")));
  });

  it('refuses one comparison more, at its position, whatever joins them', () => {
    const tooMany = conjunction(MAX_SEARCH_FILTER_TERMS + 1, 'metrics.m > 0');
    const position = tooMany.lastIndexOf('metrics.m') + 1;
    rejects(() => parseRunFilter(tooMany), new RegExp(`more than ${MAX_SEARCH_FILTER_TERMS} comparisons in one filter at position ${position}$`));
    const ored = Array.from({ length: MAX_SEARCH_FILTER_TERMS + 1 }, () => "(NOT tags.t = 'x')").join(' OR ');
    rejects(() => parseExperimentFilter(ored), /more than 100 comparisons/);
    rejects(() => parseModelFilter(conjunction(1000, "name = 'x'")), /more than 100 comparisons/);
    rejects(() => parseModelVersionFilter(conjunction(1000, "run_id = 'x'")), /more than 100 comparisons/);
    // 5,000 terms (the 500 on SQLite in issue 10) are refused by their length already.
    rejects(() => parseRunFilter(conjunction(5000, 'metrics.m > 0')), /longer than the 50000 characters allowed/);
  });

  it('counts an IN list as one comparison', () => {
    const values = Array.from({ length: 1000 }, (_, i) => `'run${i}'`).join(', ');
    assert.ok(parseRunFilter(`run_id IN (${values})`));
  });

  it('refuses a filter longer than the limit before reading it, quoting only its start', () => {
    const long = `params.p = '${'x'.repeat(MAX_SEARCH_FILTER_LENGTH)}'`;
    const message = rejects(() => parseRunFilter(long), /longer than the 50000 characters allowed/);
    assert.ok(message.length < 400, message);
    assert.match(message, new RegExp(`… \\(${long.length} characters\\)`));
    assert.ok(parseRunFilter(`params.p = '${'x'.repeat(MAX_SEARCH_FILTER_LENGTH - 13)}'`));
  });

  it('limits the number and the length of order_by clauses', () => {
    assert.equal(parseRunOrderBy(Array.from({ length: MAX_SEARCH_ORDER_BY_CLAUSES }, (_, i) => `metrics.m${i}`)).length, MAX_SEARCH_ORDER_BY_CLAUSES);
    rejects(() => parseRunOrderBy(Array.from({ length: 2000 }, (_, i) => `metrics.m${i}`)), new RegExp(`2000 clauses, more than the ${MAX_SEARCH_ORDER_BY_CLAUSES}`));
    rejects(() => parseRunOrderBy([`metrics.${'m'.repeat(MAX_SEARCH_FILTER_LENGTH)}`]), /order_by clause .* longer than/);
  });

  it('quotes long values in syntax errors only in part', () => {
    const message = rejects(() => parseRunFilter(`metrics.m = '${'v'.repeat(10_000)}'`), /metric value must be a number/);
    assert.ok(message.length < 800, message);
  });
});
