import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeSummaries, summarizePoints, type SummaryPoint } from './metric-summary.js';

const p = (step: number, timestamp: number, value: number): SummaryPoint => ({ step, timestamp, value });

describe('metric summaries', () => {
  it('count NaN apart, take min and max over the rest, null when all are NaN', () => {
    const s = summarizePoints([p(0, 0, Number.NaN), p(1, 1, Infinity), p(2, 2, -5)]);
    assert.deepEqual([s.count, s.nanCount, s.min, s.max], [3, 1, -5, Infinity]);
    const nan = summarizePoints([p(0, 0, Number.NaN)]);
    assert.deepEqual([nan.min, nan.max], [null, null]);
  });

  it('order first and last by step then time on the step axis, by time then step on the time axis', () => {
    const points = [p(2, 10, 1), p(1, 30, 2), p(1, 20, 3), p(3, 5, 4)];
    const s = summarizePoints(points);
    assert.deepEqual([s.stepFirst.value, s.stepLast.value, s.timeFirst.value, s.timeLast.value], [3, 4, 4, 2]);
  });

  it('break ties on step and time by stored value, NaN stored as 0 and after a real 0', () => {
    const s = summarizePoints([p(1, 1, Number.NaN), p(1, 1, 0), p(1, 1, -1)]);
    assert.equal(s.stepFirst.value, -1);
    assert.ok(Number.isNaN(s.stepLast.value));
  });

  it('merge to the summary of the union, whatever the split', () => {
    const points = [p(5, 1, 3), p(0, 9, Number.NaN), p(9, 0, -Infinity), p(4, 4, 7), p(4, 4, 8)];
    const whole = summarizePoints(points);
    for (let cut = 1; cut < points.length; cut += 1) {
      assert.deepEqual(mergeSummaries(summarizePoints(points.slice(0, cut)), summarizePoints(points.slice(cut))), whole);
      assert.deepEqual(mergeSummaries(summarizePoints(points.slice(cut)), summarizePoints(points.slice(0, cut))), whole);
    }
  });
});
