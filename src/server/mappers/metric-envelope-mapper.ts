/** Metric envelopes to the wire: doubles as proto3 writes them, min/max null where every point is NaN. */
import type { MetricEnvelopeBucketsWire, MetricEnvelopeField, MetricEnvelopeResponse, MetricEnvelopeSeriesWire } from '../../api/strata-v1.js';
import type { EnvelopeBuckets, MetricEnvelope } from '../../core/metric-envelope.js';
import { toWireDouble } from './wire-double.js';

const orNull = (value: number | null) => (value === null ? null : toWireDouble(value));

/** Each wire column from the envelope's buckets; only the requested ones are computed. */
const COLUMNS: { [F in MetricEnvelopeField]-?: (b: EnvelopeBuckets) => NonNullable<MetricEnvelopeBucketsWire[F]> } = {
  x_start: (b) => b.xStart,
  x_end: (b) => b.xEnd,
  count: (b) => b.count,
  nan_count: (b) => b.nanCount,
  min: (b) => b.min.map(orNull),
  max: (b) => b.max.map(orNull),
  first: (b) => b.first.map(toWireDouble),
  last: (b) => b.last.map(toWireDouble),
  first_x: (b) => b.firstX,
  last_x: (b) => b.lastX,
};

function seriesToWire(e: MetricEnvelope, fields: readonly MetricEnvelopeField[]): MetricEnvelopeSeriesWire {
  const buckets: Record<string, unknown> = {};
  for (const field of fields) buckets[field] = COLUMNS[field](e.buckets);
  const wire: MetricEnvelopeSeriesWire = { run_id: e.runId, metric_key: e.key, count: e.count, buckets: buckets as MetricEnvelopeBucketsWire };
  if (e.extent) wire.x_extent = { min: e.extent.min, max: e.extent.max };
  return wire;
}

/** `fields`: the bucket columns to send, in wire order (all of them by default). */
export function metricEnvelopesToWire(envelopes: MetricEnvelope[], fields: readonly MetricEnvelopeField[]): MetricEnvelopeResponse {
  return { series: envelopes.map((e) => seriesToWire(e, fields)) };
}
