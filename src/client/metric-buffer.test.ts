import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Metric } from '../api/mlflow-tracking.js';
import { MetricBuffer } from './metric-buffer.js';
import { ManualFlushTimer } from '../../test/helpers/manual-flush-timer.js';

const point = (step: number): Metric => ({ key: 'loss', value: step, timestamp: 1000 + step, step });
const steps = (batches: Metric[][]): number[] => batches.flat().map((m) => m.step);
/** Lets every pending promise callback run: microtasks all run before an immediate does. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A send that records batches; `received(n)` resolves once n batches have been sent. */
function recordingSend() {
  const batches: Metric[][] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const send = async (batch: Metric[]) => {
    batches.push(batch);
    for (const w of waiting.filter((x) => batches.length >= x.count)) w.resolve();
  };
  const received = (count: number) =>
    new Promise<void>((resolve) => (batches.length >= count ? resolve() : waiting.push({ count, resolve })));
  return { batches, send, received };
}

describe('MetricBuffer', () => {
  it('sends a full batch at once and the rest on flush, in order', async () => {
    const { batches, send, received } = recordingSend();
    const buffer = new MetricBuffer({ maxBatchSize: 10, timer: new ManualFlushTimer(), send });
    for (let i = 0; i < 25; i++) buffer.add(point(i));
    await received(2);
    assert.deepEqual(batches.map((b) => b.length), [10, 10]);
    await buffer.flush();
    assert.deepEqual(batches.map((b) => b.length), [10, 10, 5]);
    assert.deepEqual(steps(batches), [...Array(25).keys()]);
  });

  it('flushes a partial batch once the interval has passed, not before', async () => {
    const { batches, send } = recordingSend();
    const timer = new ManualFlushTimer();
    const buffer = new MetricBuffer({ maxBatchSize: 100, flushIntervalMs: 20, timer, send });
    buffer.add(point(0));
    buffer.add(point(1));
    timer.advance(19);
    assert.equal(batches.length, 0);
    timer.advance(1);
    await buffer.flush(); // waits for the timer's send; nothing is left to send itself
    assert.equal(batches.length, 1, 'the timer sent them, in one batch');
    assert.deepEqual(steps(batches), [0, 1]);
    assert.equal(buffer.pendingCount, 0);
  });

  it('keeps one batch in flight at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let isHeld = true;
    const held: Array<() => void> = [];
    const sent: Metric[][] = [];
    const timer = new ManualFlushTimer();
    const buffer = new MetricBuffer({
      maxBatchSize: 5,
      flushIntervalMs: 1,
      timer,
      // Each send stays in flight until the test lets it go, while points and timer ticks keep coming.
      send: (b) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        sent.push(b);
        const done = new Promise<void>((resolve) => held.push(resolve));
        if (!isHeld) held.shift()?.();
        return done.then(() => void inFlight--);
      },
    });
    for (let i = 0; i < 53; i++) {
      buffer.add(point(i));
      if (i % 7 === 0) {
        timer.advance(1);
        held.shift()?.();
        await settle();
      }
    }
    isHeld = false;
    held.shift()?.();
    await buffer.flush();
    assert.equal(maxInFlight, 1);
    assert.ok(sent.length > 10, `${sent.length} batches`);
    assert.deepEqual(steps(sent), [...Array(53).keys()]);
  });

  it('keeps a failed batch at the head of the queue, backs off, and resends it first', async () => {
    const sent: Metric[][] = [];
    let failNext = true;
    const errors: unknown[] = [];
    let reported!: () => void;
    const errorReported = new Promise<void>((resolve) => (reported = resolve));
    const timer = new ManualFlushTimer();
    const buffer = new MetricBuffer({
      maxBatchSize: 3,
      timer,
      onError: (e) => {
        errors.push(e);
        reported();
      },
      send: async (b) => {
        if (failNext) {
          failNext = false;
          throw new Error('server down');
        }
        sent.push(b);
      },
    });
    for (let i = 0; i < 3; i++) buffer.add(point(i)); // full: background send fails
    await errorReported;
    assert.equal(errors.length, 1);
    assert.deepEqual(timer.pendingDelays, [1000], 'the next background attempt waits 1 s');
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
      timer: new ManualFlushTimer(),
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
