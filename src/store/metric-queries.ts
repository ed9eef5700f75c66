/**
 * Metric history and latest values. NaN is stored as value 0 with is_nan = 1
 * (SQLite would turn NaN into NULL); ±Infinity are stored as they are.
 *
 * "Latest" is MLflow's: the point with the greatest (step, timestamp, value), where
 * a NaN point compares with its stored value 0, exactly as MLflow's
 * `_update_latest_metrics_if_necessary` compares SqlMetric rows.
 */
import { sql, type Kysely } from 'kysely';
import type { Metric, Page } from '../core/entities.js';
import type { MetricHistoryQuery, MetricWithRunId } from '../core/ports/metadata-store.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { Database, MetricsTable } from './schema.js';

type Db = Kysely<Database>;
type StoredPoint = Pick<MetricsTable, 'key' | 'step' | 'timestamp' | 'value' | 'is_nan'>;

function toStored(metric: Metric): StoredPoint {
  const isNan = Number.isNaN(metric.value);
  return { key: metric.key, step: metric.step, timestamp: metric.timestamp, value: isNan ? 0 : metric.value, is_nan: isNan ? 1 : 0 };
}

function toMetric(point: StoredPoint): Metric {
  return { key: point.key, value: point.is_nan ? Number.NaN : point.value, timestamp: point.timestamp, step: point.step };
}

function isNewer(a: StoredPoint, b: StoredPoint): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** Per key of a batch: its newest point and the step range its points cover. */
interface KeyBatch {
  newest: StoredPoint;
  minStep: number;
  maxStep: number;
}

/** Per key of this batch, sorted by key so concurrent writers lock rows in one order. */
function perKey(points: StoredPoint[]): KeyBatch[] {
  const byKey = new Map<string, KeyBatch>();
  for (const point of points) {
    const current = byKey.get(point.key);
    if (!current) byKey.set(point.key, { newest: point, minStep: point.step, maxStep: point.step });
    else {
      if (isNewer(point, current.newest)) current.newest = point;
      if (point.step < current.minStep) current.minStep = point.step;
      if (point.step > current.maxStep) current.maxStep = point.step;
    }
  }
  return [...byKey.values()].sort((a, b) => (a.newest.key < b.newest.key ? -1 : a.newest.key > b.newest.key ? 1 : 0));
}

async function appendHistory(db: Db, runId: string, points: StoredPoint[]): Promise<void> {
  for (const batch of chunked(points)) {
    await db
      .insertInto('metrics')
      .values(batch.map((point) => ({ run_uuid: runId, ...point })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

function experimentOf(runId: string) {
  return sql<number>`(SELECT ${sql.ref('runs.experiment_id')} FROM runs WHERE ${sql.ref('runs.run_uuid')} = ${runId})`;
}

const isNewerThanStored = sql<boolean>`(${sql.ref('excluded.step')}, ${sql.ref('excluded.timestamp')}, ${sql.ref('excluded.value')})
  > (${sql.ref('latest_metrics.step')}, ${sql.ref('latest_metrics.timestamp')}, ${sql.ref('latest_metrics.value')})`;

/** `column` of the excluded row when it is newer, else the stored one. */
function newerOf(column: 'step' | 'timestamp' | 'value' | 'is_nan') {
  return sql<number>`case when ${isNewerThanStored} then ${sql.ref(`excluded.${column}`)} else ${sql.ref(`latest_metrics.${column}`)} end`;
}

/** The union of the stored dirty step range (NULL: none) and the batch's. */
const widenDirtyFrom = sql<number>`case when ${sql.ref('latest_metrics.rollup_dirty_from')} is null
  or ${sql.ref('excluded.rollup_dirty_from')} < ${sql.ref('latest_metrics.rollup_dirty_from')}
  then ${sql.ref('excluded.rollup_dirty_from')} else ${sql.ref('latest_metrics.rollup_dirty_from')} end`;
const widenDirtyTo = sql<number>`case when ${sql.ref('latest_metrics.rollup_dirty_to')} is null
  or ${sql.ref('excluded.rollup_dirty_to')} > ${sql.ref('latest_metrics.rollup_dirty_to')}
  then ${sql.ref('excluded.rollup_dirty_to')} else ${sql.ref('latest_metrics.rollup_dirty_to')} end`;

/**
 * Replaces a stored latest point only with a strictly newer one; never reads the history.
 * The same row carries the series' roll-up dirty range (migration 8): widening it here costs
 * no statement and no row that this upsert does not already write.
 */
async function raiseLatest(db: Db, runId: string, keys: KeyBatch[]): Promise<void> {
  for (const batch of chunked(keys)) {
    await db
      .insertInto('latest_metrics')
      // The run's experiment is read inside the statement: no extra round trip per call.
      .values(batch.map(({ newest, minStep, maxStep }) => ({
        run_uuid: runId, experiment_id: experimentOf(runId), ...newest, rollup_dirty_from: minStep, rollup_dirty_to: maxStep,
      })))
      .onConflict((oc) =>
        oc.columns(['run_uuid', 'key']).doUpdateSet({
          step: newerOf('step'),
          timestamp: newerOf('timestamp'),
          value: newerOf('value'),
          is_nan: newerOf('is_nan'),
          rollup_dirty_from: widenDirtyFrom,
          rollup_dirty_to: widenDirtyTo,
        }),
      )
      .execute();
  }
}

export async function logMetrics(db: Db, runId: string, metrics: Metric[]): Promise<void> {
  if (metrics.length === 0) return;
  const points = metrics.map(toStored);
  await atomically(db, async (trx) => {
    await appendHistory(trx, runId, points);
    await raiseLatest(trx, runId, perKey(points));
  });
}

/** Keyset position after the last point of a page. The value travels as text so ±Infinity survive JSON. */
interface HistoryPosition {
  step: number;
  timestamp: number;
  value: string;
  isNan: number;
}

function isHistoryPosition(value: unknown): value is HistoryPosition {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return Number.isSafeInteger(p.step) && Number.isSafeInteger(p.timestamp) && typeof p.value === 'string'
    && !Number.isNaN(Number(p.value)) && (p.isNan === 0 || p.isNan === 1);
}

function positionOf(point: HistoryRow): HistoryPosition {
  return { step: point.step, timestamp: point.timestamp, value: String(point.value), isNan: point.is_nan };
}

type HistoryRow = Pick<MetricsTable, 'step' | 'timestamp' | 'value' | 'is_nan'>;

/** A plain loop: this maps up to hundreds of thousands of rows per call. */
function toMetrics(key: string, rows: HistoryRow[]): Metric[] {
  const metrics = new Array<Metric>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as HistoryRow;
    metrics[i] = { key, value: row.is_nan ? Number.NaN : row.value, timestamp: row.timestamp, step: row.step };
  }
  return metrics;
}

/**
 * One metric's points in one run, in history order: step, timestamp, then value and NaN-ness,
 * which make the order total so page tokens can resume after any point.
 */
function historyInOrder(db: Db, runId: string, key: string) {
  return db
    .selectFrom('metrics')
    .where('run_uuid', '=', runId)
    .where('key', '=', key)
    .orderBy('step')
    .orderBy('timestamp')
    .orderBy('value')
    .orderBy('is_nan');
}

/** The stored value of a history row: NULL when the point is NaN, so one column carries both. */
export const historyValue = sql<number | null>`case when ${sql.ref('is_nan')} = 1 then null else ${sql.ref('value')} end`;

type HistoryPoint = [value: number | string | null, timestamp: number, step: number];

/**
 * A whole history, which may be hundreds of thousands of points: the database
 * aggregates it into one JSON text, parsed here in one call. (A driver row object per
 * point costs more, in the driver and in garbage collection.)
 */
async function getWholeHistory(db: Db, quirks: DialectQuirks, runId: string, key: string): Promise<Metric[]> {
  const ordered = historyInOrder(db, runId, key).select([historyValue.as('v'), 'timestamp', 'step', 'value', 'is_nan']);
  const points = quirks.jsonRowsArray(
    [sql.ref('h.v'), sql.ref('h.timestamp'), sql.ref('h.step')],
    [sql.ref('h.step'), sql.ref('h.timestamp'), sql.ref('h.value'), sql.ref('h.is_nan')],
  );
  const row = await db.selectFrom(ordered.as('h')).select(points.as('points')).executeTakeFirst();
  const parsed = row?.points ? (JSON.parse(row.points) as HistoryPoint[]) : [];
  const metrics = new Array<Metric>(parsed.length);
  for (let i = 0; i < parsed.length; i += 1) {
    const [value, timestamp, step] = parsed[i] as HistoryPoint;
    // NULL is NaN; PostgreSQL writes ±Infinity as strings.
    metrics[i] = { key, value: value === null ? Number.NaN : Number(value), timestamp, step };
  }
  return metrics;
}

function wireValue(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * A whole history as the JSON text of GetMetricHistory's `metrics` list ('[]' when empty).
 * Where the dialect can, the database writes the final text and no point becomes a
 * JavaScript object: for 100,000 points that parse, map and stringify were most of the
 * request's CPU time.
 */
export async function getMetricHistoryJson(db: Db, quirks: DialectQuirks, runId: string, key: string): Promise<string> {
  if (!quirks.metricPointsJson) {
    const metrics = await getWholeHistory(db, quirks, runId, key);
    const points = new Array<{ key: string; value: number | string; timestamp: number; step: number }>(metrics.length);
    for (let i = 0; i < metrics.length; i += 1) {
      const m = metrics[i] as Metric;
      points[i] = { key: m.key, value: wireValue(m.value), timestamp: m.timestamp, step: m.step };
    }
    return JSON.stringify(points);
  }
  const ordered = historyInOrder(db, runId, key).select(['key', 'value', 'is_nan', 'timestamp', 'step']);
  const points = quirks.metricPointsJson({
    key: sql.ref('h.key'), value: sql.ref('h.value'), isNan: sql.ref('h.is_nan'), timestamp: sql.ref('h.timestamp'), step: sql.ref('h.step'),
  });
  const row = await db.selectFrom(ordered.as('h')).select(points.as('points')).executeTakeFirst();
  return row?.points ?? '[]';
}

/** The whole history unless `maxResults` is given; ordered by step, timestamp (then value, for paging). */
export async function getMetricHistory(db: Db, quirks: DialectQuirks, query: MetricHistoryQuery): Promise<Page<Metric>> {
  if (query.maxResults === undefined && !query.pageToken) return { items: await getWholeHistory(db, quirks, query.runId, query.key) };
  let select = historyInOrder(db, query.runId, query.key).select(['step', 'timestamp', 'value', 'is_nan']);
  if (query.pageToken) {
    const after = decodePageToken(query.pageToken, isHistoryPosition);
    select = select.where(
      sql<boolean>`(step, ${sql.ref('timestamp')}, value, is_nan) > (${after.step}, ${after.timestamp}, ${Number(after.value)}, ${after.isNan})`,
    );
  }
  if (query.maxResults === undefined) return { items: toMetrics(query.key, await select.execute()) };
  const rows = await select.limit(query.maxResults + 1).execute();
  const page = rows.slice(0, query.maxResults);
  const last = page[page.length - 1];
  const hasMore = rows.length > query.maxResults && last !== undefined;
  return { items: toMetrics(query.key, page), ...(hasMore ? { nextPageToken: encodePageToken({ ...positionOf(last) }) } : {}) };
}

export async function listMetricSteps(db: Db, runIds: string[], key: string, startStep?: number, endStep?: number): Promise<number[]> {
  const steps = new Set<number>();
  for (const ids of chunked(runIds)) {
    let select = db.selectFrom('metrics').select('step').distinct().where('run_uuid', 'in', ids).where('key', '=', key);
    if (startStep !== undefined) select = select.where('step', '>=', startStep);
    if (endStep !== undefined) select = select.where('step', '<=', endStep);
    for (const row of await select.execute()) steps.add(row.step);
  }
  return [...steps].sort((a, b) => a - b);
}

function byRunStepTimestamp(a: MetricWithRunId, b: MetricWithRunId): number {
  if (a.runId !== b.runId) return a.runId < b.runId ? -1 : 1;
  return a.step - b.step || a.timestamp - b.timestamp;
}

export async function getMetricsAtSteps(db: Db, runIds: string[], key: string, steps: number[]): Promise<MetricWithRunId[]> {
  const found: MetricWithRunId[] = [];
  if (runIds.length === 0 || steps.length === 0) return found;
  // Ids and steps are both bound variables: keep each statement's share of them small.
  for (const ids of chunked(runIds, 100)) {
    for (const stepBatch of chunked([...new Set(steps)], 400)) {
      const rows = await db
        .selectFrom('metrics')
        .select(['run_uuid', 'key', 'step', 'timestamp', 'value', 'is_nan'])
        .where('run_uuid', 'in', ids)
        .where('key', '=', key)
        .where('step', 'in', stepBatch)
        .execute();
      for (const row of rows) found.push({ runId: row.run_uuid, ...toMetric(row) });
    }
  }
  return found.sort(byRunStepTimestamp);
}
