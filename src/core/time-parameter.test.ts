import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimeParameter } from './time-parameter.js';

describe('parseTimeParameter', () => {
  it('reads milliseconds since the epoch and ISO 8601', () => {
    assert.equal(parseTimeParameter('1700000000000', 'at'), 1_700_000_000_000);
    assert.equal(parseTimeParameter(' 2024-01-01T00:00:00Z ', 'at'), Date.UTC(2024, 0, 1));
    assert.equal(parseTimeParameter('2024-01-01', 'since'), Date.UTC(2024, 0, 1));
    assert.equal(parseTimeParameter('2024-01-01T02:00:00+02:00', 'until'), Date.UTC(2024, 0, 1));
    assert.equal(parseTimeParameter('2024-01-01 12:30', 'at'), Date.UTC(2024, 0, 1, 12, 30), 'no zone: UTC');
    assert.equal(parseTimeParameter('2024-01-01T12:30:15.250', 'at'), Date.UTC(2024, 0, 1, 12, 30, 15, 250));
  });

  it('refuses anything else, naming the parameter', () => {
    assert.throws(() => parseTimeParameter('soon', 'at'), /Invalid value 'soon' for parameter 'at'/);
    assert.throws(() => parseTimeParameter('1.5', 'since'), /parameter 'since'/);
    assert.throws(() => parseTimeParameter('', 'until'), /parameter 'until'/);
    assert.throws(() => parseTimeParameter('May 1 2024', 'at'), /parameter 'at'/);
    assert.throws(() => parseTimeParameter('2024-13-45', 'at'), /parameter 'at'/);
  });
});
