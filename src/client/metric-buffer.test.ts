import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Metric } from '../api/mlflow-tracking.js';
import { MetricBuffer } from './metric-buffer.js';

const point = (step: number): Metric => ({ key: 'loss', value: step, timestamp: 1000 + step, step });
const steps = (batches: Metric[][]): number[] => batches.flat().map((m) => m.step);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MetricBuffer', () => {
  it('sends a full batch at once and the rest on flush, in order', async () => {
    const sent: Metric[][] = [];
    const buffer = new MetricBuffer({ maxBatchSize: 10, flushIntervalMs: 10_000, send: async (b) => void sent.push(b) });
    for (let i = 0; i < 25; i++) buffer.add(point(i));
    await sleep(0);
    assert.deepEqual(sent.map((b) => b.length), [10, 10]);
    await buffer.flush();
    assert.deepEqual(sent.map((b) => b.length), [10, 10, 5]);
    assert.deepEqual(steps(sent), [...Array(25).keys()]);
  });

  it('flushes a partial batch after the interval', async () => {
    const sent: Metric[][] = [];
    const buffer = new MetricBuffer({ maxBatchSize: 100, flushIntervalMs: 20, send: async (b) => void sent.push(b) });
    buffer.add(point(0));
    buffer.add(point(1));
    assert.equal(sent.length, 0);
    await sleep(60);
    assert.deepEqual(steps(sent), [0, 1]);
    assert.equal(buffer.pendingCount, 0);
  });

  it('keeps one batch in flight at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sent: Metric[][] = [];
    const buffer = new MetricBuffer({
      maxBatchSize: 5,
      flushIntervalMs: 1,
      send: async (b) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(5);
        sent.push(b);
        inFlight--;
      },
    });
    for (let i = 0; i < 53; i++) {
      buffer.add(point(i));
      if (i % 7 === 0) await sleep(2);
    }
    await buffer.flush();
    assert.equal(maxInFlight, 1);
    assert.deepEqual(steps(sent), [...Array(53).keys()]);
  });

  it('keeps a failed batch at the head of the queue and resends it first', async () => {
    const sent: Metric[][] = [];
    let failNext = true;
    const errors: unknown[] = [];
    const buffer = new MetricBuffer({
      maxBatchSize: 3,
      flushIntervalMs: 10_000,
      onError: (e) => errors.push(e),
      send: async (b) => {
        if (failNext) {
          failNext = false;
          throw new Error('server down');
        }
        sent.push(b);
      },
    });
    for (let i = 0; i < 3; i++) buffer.add(point(i)); // full: background send fails
    await sleep(0);
    assert.equal(errors.length, 1);
    for (let i = 3; i < 5; i++) buffer.add(point(i));
    await buffer.flush();
    assert.deepEqual(steps(sent), [0, 1, 2, 3, 4]);
    buffer.dispose();
  });

  it('rejects flush while the server refuses, without losing points', async () => {
    let isDown = true;
    const sent: Metric[][] = [];
    const buffer = new MetricBuffer({
      maxBatchSize: 100,
      flushIntervalMs: 10_000,
      send: async (b) => {
        if (isDown) throw new Error('down');
        sent.push(b);
      },
    });
    buffer.add(point(0));
    await assert.rejects(buffer.flush(), /down/);
    assert.equal(buffer.pendingCount, 1);
    isDown = false;
    buffer.add(point(1));
    await buffer.flush();
    assert.deepEqual(steps(sent), [0, 1]);
    buffer.dispose();
  });
});
