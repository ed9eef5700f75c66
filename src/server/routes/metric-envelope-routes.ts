import { METRIC_ENVELOPE_FIELDS, type MetricEnvelopeField, type MetricEnvelopeXAxis } from '../../api/strata-v1.js';
import { invalidParameter } from '../../core/errors.js';
import type { MetricSeriesRef } from '../../core/ports/metric-rollup-repository.js';
import type { MetricEnvelopeService } from '../../core/services/metric-envelope-service.js';
import { metricEnvelopesToWire } from '../mappers/metric-envelope-mapper.js';
import type { RequestFields } from '../request-fields.js';
import type { ApiHandler } from './api-handler.js';

function seriesFromWire(fields: RequestFields): MetricSeriesRef[] {
  if (fields.raw('series') === undefined) {
    // GET: one series from the query string.
    return [{ runId: fields.runId(), key: fields.requiredString('metric_key') }];
  }
  return fields.objectList('series').map((item, i) => {
    const { run_id: runId, metric_key: key } = item;
    if (typeof runId !== 'string' || runId === '') throw invalidParameter(`series[${i}].run_id must be a non-empty string.`);
    if (typeof key !== 'string' || key === '') throw invalidParameter(`series[${i}].metric_key must be a non-empty string.`);
    return { runId, key };
  });
}

function axisFromWire(value: string | undefined): MetricEnvelopeXAxis | undefined {
  if (value === undefined || value === '' || value === 'step' || value === 'timestamp') return value || undefined;
  throw invalidParameter(`x_axis must be 'step' or 'timestamp'; got '${value}'.`);
}

/** A number from JSON or from the query string's text. */
function numberField(fields: RequestFields, name: string): number | undefined {
  const value = fields.raw(name);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw invalidParameter(`${name} must be a finite number; got ${JSON.stringify(value)}.`);
  return n;
}

const isField = (name: string): name is MetricEnvelopeField => (METRIC_ENVELOPE_FIELDS as readonly string[]).includes(name);

/** The requested bucket columns in wire order; all when absent. GET takes them repeated or comma-separated. */
function fieldsFromWire(fields: RequestFields): MetricEnvelopeField[] {
  const names = fields.stringList('fields').flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
  if (names.length === 0) return [...METRIC_ENVELOPE_FIELDS];
  const unknown = names.find((name) => !isField(name));
  if (unknown !== undefined) throw invalidParameter(`fields may list ${METRIC_ENVELOPE_FIELDS.join(', ')}; got '${unknown}'.`);
  return METRIC_ENVELOPE_FIELDS.filter((name) => names.includes(name));
}

/** `POST /api/strata/v1/metrics/envelope` (many series), `GET` with run_id and metric_key (one). */
export function metricEnvelopeRoute(envelopes: MetricEnvelopeService): ApiHandler {
  return async ({ fields }) => {
    const columns = fieldsFromWire(fields);
    const result = await envelopes.envelope({
      series: seriesFromWire(fields),
      axis: axisFromWire(fields.string('x_axis')),
      xMin: numberField(fields, 'x_min'),
      xMax: numberField(fields, 'x_max'),
      buckets: numberField(fields, 'buckets'),
    });
    return metricEnvelopesToWire(result, columns);
  };
}
