/**
 * Brute force for metric envelopes: what a bucket must hold, computed from the raw points a
 * test logged (exact duplicates stored once, as the metrics table's primary key does).
 */
import assert from 'node:assert/strict';
import type { Metric } from '../../src/core/entities.js';
import type { MetricEnvelope } from '../../src/core/metric-envelope.js';
import { compareStepOrder, compareTimeOrder, type SummaryPoint } from '../../src/core/metric-summary.js';

export type Axis = 'step' | 'timestamp';

/** The points a store keeps of everything logged to one series. */
export function storedPoints(logged: readonly Metric[]): SummaryPoint[] {
  const seen = new Map<string, SummaryPoint>();
  for (const m of logged) {
    const isNan = Number.isNaN(m.value);
    seen.set(JSON.stringify([m.step, m.timestamp, isNan ? 0 : m.value, isNan]), { step: m.step, timestamp: m.timestamp, value: m.value });
  }
  return [...seen.values()];
}

const xOf = (p: SummaryPoint, axis: Axis) => (axis === 'step' ? p.step : p.timestamp);

interface Expected {
  count: number;
  nanCount: number;
  min: number | null;
  max: number | null;
  first: number;
  last: number;
  firstX: number;
  lastX: number;
}

function expectedOf(points: SummaryPoint[], axis: Axis): Expected {
  const order = axis === 'step' ? compareStepOrder : compareTimeOrder;
  const sorted = [...points].sort(order);
  const values = points.map((p) => p.value).filter((v) => !Number.isNaN(v));
  const first = sorted[0] as SummaryPoint;
  const last = sorted[sorted.length - 1] as SummaryPoint;
  return {
    count: points.length,
    nanCount: points.length - values.length,
    min: values.length ? values.reduce((a, b) => (b < a ? b : a)) : null,
    max: values.length ? values.reduce((a, b) => (b > a ? b : a)) : null,
    first: first.value,
    last: last.value,
    firstX: xOf(first, axis),
    lastX: xOf(last, axis),
  };
}

/**
 * Checks an envelope against the raw points: buckets in order and disjoint, at most `buckets`
 * of them, each equal to the brute-force summary of the points in its x range, and every
 * point in the requested range inside one of them.
 */
export function assertExactEnvelope(
  envelope: MetricEnvelope,
  points: readonly SummaryPoint[],
  query: { axis: Axis; xMin?: number; xMax?: number; buckets: number },
  label: string,
): void {
  const { axis } = query;
  const b = envelope.buckets;
  const n = b.xStart.length;
  assert.ok(n <= query.buckets, `${label}: ${n} buckets > ${query.buckets}`);
  if (points.length === 0) {
    assert.equal(envelope.extent, undefined, label);
    assert.equal(n, 0, label);
    return;
  }
  const xs = points.map((p) => xOf(p, axis));
  assert.deepEqual(envelope.extent, { min: Math.min(...xs), max: Math.max(...xs) }, `${label}: extent`);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const from = b.xStart[i] as number;
    const to = b.xEnd[i] as number;
    assert.ok(from <= to, `${label}: bucket ${i} [${from}, ${to}]`);
    if (i > 0) assert.ok((b.xEnd[i - 1] as number) < from, `${label}: bucket ${i} overlaps the one before`);
    const inside = points.filter((p) => xOf(p, axis) >= from && xOf(p, axis) <= to);
    assert.ok(inside.length > 0, `${label}: bucket ${i} [${from}, ${to}] is empty but listed`);
    const actual: Expected = {
      count: b.count[i] as number, nanCount: b.nanCount[i] as number, min: b.min[i] as number | null, max: b.max[i] as number | null,
      first: b.first[i] as number, last: b.last[i] as number, firstX: b.firstX[i] as number, lastX: b.lastX[i] as number,
    };
    assert.deepEqual(actual, expectedOf(inside, axis), `${label}: bucket ${i} [${from}, ${to}]`);
    total += inside.length;
  }
  assert.equal(envelope.count, total, `${label}: count`);
  const lo = query.xMin ?? -Infinity;
  const hi = query.xMax ?? Infinity;
  const missed = points.filter((p) => {
    const x = xOf(p, axis);
    return x >= lo && x <= hi && !b.xStart.some((from, i) => x >= from && x <= (b.xEnd[i] as number));
  });
  assert.deepEqual(missed, [], `${label}: points in range left out of every bucket`);
}
