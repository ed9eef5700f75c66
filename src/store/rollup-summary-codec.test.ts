import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricSummary } from '../core/metric-summary.js';
import { decodeSummary, encodeSummary, encodeSummaryAsJson } from './rollup-summary-codec.js';

const point = (step: number, timestamp: number, value: number) => ({ step, timestamp, value });

const SUMMARIES: Record<string, MetricSummary> = {
  plain: { count: 32, nanCount: 0, min: -1.5, max: 0.1 + 0.2, stepFirst: point(0, 10, 1), stepLast: point(31, 41, 0.5), timeFirst: point(0, 10, 1), timeLast: point(31, 41, 0.5) },
  'NaN points, ±Infinity and huge steps': {
    count: 3, nanCount: 1, min: -Infinity, max: Infinity,
    stepFirst: point(-(2 ** 53) + 1, 1_700_000_000_000, Number.NaN), stepLast: point(2 ** 53 - 1, 5, Infinity),
    timeFirst: point(7, 3, -Infinity), timeLast: point(-(2 ** 53) + 1, 1_700_000_000_000, Number.NaN),
  },
  'every point NaN': { count: 2, nanCount: 2, min: null, max: null, stepFirst: point(1, 2, Number.NaN), stepLast: point(2, 1, Number.NaN), timeFirst: point(2, 1, Number.NaN), timeLast: point(1, 2, Number.NaN) },
};

describe('roll-up summary codec', () => {
  for (const [name, summary] of Object.entries(SUMMARIES)) {
    it(`gives back the same summary (${name})`, () => {
      assert.deepEqual(decodeSummary(encodeSummary(summary)), summary);
    });

    it(`still reads the JSON rows older versions stored (${name})`, () => {
      const json = encodeSummaryAsJson(summary);
      assert.ok(json.startsWith('['));
      assert.deepEqual(decodeSummary(json), summary);
    });
  }

  it('stores a summary as 172 base64 characters, whatever its values', () => {
    for (const s of Object.values(SUMMARIES)) assert.match(encodeSummary(s), /^[A-Za-z0-9+/]{171}=$/);
  });

  it('refuses a text that is neither form', () => {
    assert.throws(() => decodeSummary('not a summary'), /not a stored roll-up summary/);
  });
});
