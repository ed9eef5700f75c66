/** Metric envelopes to the wire: doubles as proto3 writes them, min/max null where every point is NaN. */
import type { MetricEnvelopeResponse, MetricEnvelopeSeriesWire } from '../../api/strata-v1.js';
import type { MetricEnvelope } from '../../core/metric-envelope.js';
import { toWireDouble } from './wire-double.js';

const orNull = (value: number | null) => (value === null ? null : toWireDouble(value));

function seriesToWire(e: MetricEnvelope): MetricEnvelopeSeriesWire {
  const b = e.buckets;
  const wire: MetricEnvelopeSeriesWire = {
    run_id: e.runId,
    metric_key: e.key,
    count: e.count,
    buckets: {
      x_start: b.xStart,
      x_end: b.xEnd,
      count: b.count,
      nan_count: b.nanCount,
      min: b.min.map(orNull),
      max: b.max.map(orNull),
      first: b.first.map(toWireDouble),
      last: b.last.map(toWireDouble),
      first_x: b.firstX,
      last_x: b.lastX,
    },
  };
  if (e.extent) wire.x_extent = { min: e.extent.min, max: e.extent.max };
  return wire;
}

export function metricEnvelopesToWire(envelopes: MetricEnvelope[]): MetricEnvelopeResponse {
  return { series: envelopes.map(seriesToWire) };
}
