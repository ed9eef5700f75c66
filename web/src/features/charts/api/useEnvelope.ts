import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { strata } from '../../../lib/strata';
import { fromEnvelopeWire, type SeriesEnvelope } from '../state/envelope';
import { xTransform } from '../state/xAxis';
import { METRIC_ENVELOPE_MAX_BUCKETS, requestGroups, type EnvelopeQuery } from './envelopeRequests';
import { chartKeys } from './keys';
import { createRequestQueue } from './requestQueue';

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
    // TanStack Query aborts the signal when no component wants the answer any more (the page was
    // left, the chart unmounted or asks another window): queued requests then never go out.
    queryFn: ({ signal }) => fetchEnvelopes({ ...query, buckets }, signal),
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
const envelopeQueue = createRequestQueue(2);

async function fetchEnvelopes(query: EnvelopeQuery, signal: AbortSignal): Promise<SeriesEnvelope[]> {
  const groups = requestGroups(query);
  const answers = await Promise.all(groups.map((g) => envelopeQueue.inTurn(signal, () => strata.metrics.envelope(g.request, { signal })).then((r) => ({ r, g }))));
  const start = new Map(query.series.map((s) => [s.runId, s.startMs]));
  return answers.flatMap(({ r }) => r.series.map((wire) => fromEnvelopeWire(wire, xTransform(query.xKind, start.get(wire.run_id) ?? 0))));
}
