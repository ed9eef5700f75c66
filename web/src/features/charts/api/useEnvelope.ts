import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { strata } from '../../../lib/strata';
import { fromEnvelopeWire, type SeriesEnvelope } from '../state/envelope';
import { xTransform } from '../state/xAxis';
import { METRIC_ENVELOPE_MAX_BUCKETS, requestGroups, type EnvelopeQuery } from './envelopeRequests';
import { chartKeys } from './keys';

export type { EnvelopeQuery, EnvelopeSeriesSpec } from './envelopeRequests';

export const LIVE_REFRESH_MS = 5_000;

/**
 * The min–max envelope of every series of one chart. One request per chart; the exception is a
 * zoomed relative-time window, which is a different wall-time window per run: runs whose starts lie
 * within one window width share a request. The previous answer stays shown while a zoom re-fetches.
 */
export function useEnvelope(query: EnvelopeQuery, options: { enabled: boolean; live: boolean }) {
  const buckets = Math.max(1, Math.min(METRIC_ENVELOPE_MAX_BUCKETS, Math.round(query.buckets)));
  return useQuery({
    queryKey: chartKeys.envelope(query.series.map((s) => `${s.runId}\u0000${s.metricKey}`), query.xKind, query.range, buckets),
    queryFn: () => fetchEnvelopes({ ...query, buckets }),
    enabled: options.enabled && query.series.length > 0,
    placeholderData: keepPreviousData,
    refetchInterval: options.live ? LIVE_REFRESH_MS : false,
    refetchIntervalInBackground: false,
  });
}

/**
 * Envelope requests in flight at once, page-wide. The server does the work of one chart at a
 * time anyway (its reads are synchronous on SQLite); 20 charts asked at once made it interleave
 * them all, so every chart landed at the end. Two at a time, in the order charts mount, draws the
 * first screen first while the rest follow, and keeps one request queued behind the one served.
 */
const MAX_IN_FLIGHT = 2;
let inFlight = 0;
const waiting: Array<() => void> = [];

async function inTurn<T>(request: () => Promise<T>): Promise<T> {
  if (inFlight < MAX_IN_FLIGHT) inFlight++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await request();
  } finally {
    // Hand the slot to the next waiting request, or free it.
    const next = waiting.shift();
    if (next === undefined) inFlight--;
    else next();
  }
}

async function fetchEnvelopes(query: EnvelopeQuery): Promise<SeriesEnvelope[]> {
  const groups = requestGroups(query);
  const answers = await Promise.all(groups.map((g) => inTurn(() => strata.metrics.envelope(g.request)).then((r) => ({ r, g }))));
  const start = new Map(query.series.map((s) => [s.runId, s.startMs]));
  return answers.flatMap(({ r }) => r.series.map((wire) => fromEnvelopeWire(wire, xTransform(query.xKind, start.get(wire.run_id) ?? 0))));
}
