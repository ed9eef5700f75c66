import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleMetricSteps, sampleStepsInRange } from './metric-sampling.js';

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('sampleStepsInRange', () => {
  it('returns every step when they fit', () => {
    assert.deepEqual(sampleStepsInRange([1, 2, 5], { start: 0, end: 10 }, 5), [1, 2, 5]);
    assert.deepEqual(sampleStepsInRange([1, 2, 5], { start: 2, end: 4 }, 5), [2]);
  });

  it('samples evenly and keeps the first and last step', () => {
    const picked = sampleStepsInRange(range(1000), { start: 0, end: 999 }, 10);
    assert.deepEqual(picked, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999]);
  });
});

describe('sampleMetricSteps', () => {
  it('limits to about maxResults steps, keeping ends', () => {
    const steps = sampleMetricSteps([range(10_000)], 320);
    assert.ok(steps.length <= 321);
    assert.equal(steps[0], 0);
    assert.equal(steps.at(-1), 9999);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
  });

  it("adds back every run's first and last step", () => {
    const steps = sampleMetricSteps([range(1000), [3, 501, 777]], 4);
    for (const s of [0, 999, 3, 777]) assert.ok(steps.includes(s), String(s));
  });

  it('honours an explicit range, and ignores negative steps by default like MLflow', () => {
    assert.deepEqual(sampleMetricSteps([range(100)], 1000, { start: 10, end: 12 }), [10, 11, 12]);
    assert.deepEqual(sampleMetricSteps([[-5, 0, 5]], 10), [0, 5]);
  });

  it('handles no data', () => {
    assert.deepEqual(sampleMetricSteps([], 10), []);
    assert.deepEqual(sampleMetricSteps([[]], 10), []);
  });
});
