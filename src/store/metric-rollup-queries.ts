/**
 * Metric roll-ups (migration 8): a pyramid of block summaries per series. Ingest widens the
 * series' dirty step range on its latest_metrics row (metric-queries.ts); `refreshMetricRollups`
 * rebuilds the blocks of that range, from the server's background builder soon after ingest
 * and, for whatever is still dirty, before an envelope is read.
 *
 * A rebuild goes in chunks of a bounded number of points, from the low end of the range. Each
 * chunk first claims its steps: it moves the range's start past them (or clears the range)
 * with an UPDATE conditioned on the range it read, which also locks the row until the chunk
 * commits. A writer that committed
 * before the claim is seen by the rebuild's reads (each statement reads what is committed
 * when it starts); a writer that commits later waits for the row and marks its steps dirty
 * again. If the range changed between the read and the claim, the claim matches no row and
 * the rebuild starts over with the new range. So every point is in the roll-ups or in a
 * dirty range, whatever the number of replicas writing and reading.
 */
import { sql, type AliasedSelectQueryBuilder, type Expression, type Kysely } from 'kysely';
import { ROLLUP_LEVELS, rollupBlock, rollupWidth } from '../core/metric-envelope-plan.js';
import {
  chunkStaleBlocks, compactedTop, deriveLevel, keptChildren, Level0Builder, level0Steps, mergeByBlock, rebuildLevels, rebuiltTop, staleBlocks,
} from '../core/metric-rollup-build.js';
import { compareStepOrder, type SummaryPoint } from '../core/metric-summary.js';
import type { IndexRange, MetricSeriesRef, RollupBlock, RollupRefreshOptions, StoredTop } from '../core/ports/metric-rollup-repository.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { historyValue } from './metric-queries.js';
import { decodeSummary, encodeSummary } from './rollup-summary-codec.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Ranges per statement: two bound values each. */
const RANGES_PER_STATEMENT = 200;
const REBUILDS_IN_FLIGHT = 4;
/** Raw points per page while rebuilding: bounds memory on a long series. */
const POINTS_PER_PAGE = 50_000;

export async function existingRunIds(db: Db, runIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const ids of chunked(runIds)) {
    for (const row of await db.selectFrom('runs').select('run_uuid').where('run_uuid', 'in', ids).execute()) found.add(row.run_uuid);
  }
  return found;
}

interface DirtySeries extends MetricSeriesRef {
  from: number;
  to: number;
}

async function dirtySeries(db: Db, series: MetricSeriesRef[]): Promise<DirtySeries[]> {
  const wanted = new Set(series.map((s) => JSON.stringify([s.runId, s.key])));
  const dirty: DirtySeries[] = [];
  for (const batch of chunked(series, 100)) {
    const rows = await db
      .selectFrom('latest_metrics')
      .select(['run_uuid', 'key', 'rollup_dirty_from', 'rollup_dirty_to'])
      .where('run_uuid', 'in', [...new Set(batch.map((s) => s.runId))])
      .where('key', 'in', [...new Set(batch.map((s) => s.key))])
      .where('rollup_dirty_from', 'is not', null)
      .execute();
    for (const row of rows) {
      if (!wanted.delete(JSON.stringify([row.run_uuid, row.key]))) continue;
      dirty.push({ runId: row.run_uuid, key: row.key, from: row.rollup_dirty_from as number, to: row.rollup_dirty_to as number });
    }
  }
  return dirty;
}

/**
 * Points rebuilt per chunk. A chunk is one short transaction: on SQLite (synchronous) it holds
 * the event loop and the one connection that long, so it is sized to stay within a few tens of
 * milliseconds; between chunks the event loop turns and other requests run. Measured on SQLite
 * (300,000 points, load ~10 on 2 cores): 16,384 points per chunk took 54 ms a chunk (median),
 * 4,096 took 26 ms, 2,048 took 12 ms but about as long in total (each chunk also rebuilds the
 * upper levels over it).
 */
export const POINTS_PER_CHUNK = 4_096;

export async function refreshMetricRollups(db: Db, quirks: DialectQuirks, series: MetricSeriesRef[], options: RollupRefreshOptions = {}): Promise<void> {
  const stopped = () => options.signal?.aborted === true;
  for (let dirty = await dirtySeries(db, series); dirty.length > 0 && !stopped(); dirty = await dirtySeries(db, dirty)) {
    // Each chunk in its own transaction; on a pool (PostgreSQL) a few series at once. Inside a
    // caller's transaction, or on SQLite's one connection, they go in turn.
    const inFlight = db.isTransaction ? 1 : REBUILDS_IN_FLIGHT;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < dirty.length && !stopped(); i = next++) {
        const s = dirty[i] as DirtySeries;
        const end = await chunkEnd(db, s, options.pointsPerChunk ?? POINTS_PER_CHUNK);
        await atomically(db, (trx) => rebuildChunkIfUnchanged(trx, quirks, s, end));
        options.onChunk?.();
        // Let the event loop serve what arrived meanwhile before the next chunk.
        if (!db.isTransaction) await (options.betweenChunks?.() ?? new Promise<void>((resolve) => setImmediate(resolve)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, dirty.length) }, worker));
  }
}

/**
 * Stale series in (run_uuid, key) order after `after`, found by reading latest_metrics' primary
 * key a page at a time (no index names dirty rows: ingest would pay to keep one), so each
 * statement reads a bounded number of rows however few are dirty.
 */
export async function listStaleMetricSeries(db: Db, after: MetricSeriesRef | undefined, limit: number): Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }> {
  const { rows, next } = await latestMetricsPage(db, after, limit);
  return { series: rows.filter((r) => r.rollup_dirty_from !== null).map(seriesOf), ...(next && { next }) };
}

type LatestMetricsRow = { run_uuid: string; key: string; rollup_dirty_from: number | null };
const seriesOf = (row: { run_uuid: string; key: string }): MetricSeriesRef => ({ runId: row.run_uuid, key: row.key });

/** `limit` rows of latest_metrics after `after` in primary-key order, and where the next page starts (absent at the end). */
async function latestMetricsPage(db: Db, after: MetricSeriesRef | undefined, limit: number): Promise<{ rows: LatestMetricsRow[]; next?: MetricSeriesRef }> {
  let page = db
    .selectFrom('latest_metrics')
    .select(['run_uuid', 'key', 'rollup_dirty_from'])
    .orderBy('run_uuid')
    .orderBy('key')
    .limit(limit);
  if (after !== undefined) {
    // A row value: both databases seek to it in the primary key.
    page = page.where((eb) => eb(eb.refTuple('run_uuid', 'key'), '>', eb.tuple(after.runId, after.key)));
  }
  const rows = await page.execute();
  const last = rows[rows.length - 1];
  return rows.length < limit || last === undefined ? { rows } : { rows, next: seriesOf(last) };
}

/**
 * Where the next chunk of a dirty range ends: before the level-0 block holding the range's
 * `points`-th point (so chunks end on block edges and empty stretches of steps cost nothing),
 * or at the range's end when fewer points are left. A block holding more points is one chunk.
 */
async function chunkEnd(db: Db, s: DirtySeries, points: number): Promise<number> {
  const row = await db
    .selectFrom('metrics')
    .select('step')
    .where('run_uuid', '=', s.runId)
    .where('key', '=', s.key)
    .where('step', '>=', s.from)
    .where('step', '<=', s.to)
    .orderBy('step')
    .limit(1)
    .offset(points)
    .executeTakeFirst();
  if (row === undefined) return s.to;
  const width = rollupWidth(0);
  const beforeBlock = rollupBlock(Number(row.step), 0) * width - 1;
  const endOfFirstBlock = rollupBlock(s.from, 0) * width + width - 1;
  return Math.min(s.to, Math.max(beforeBlock, endOfFirstBlock));
}

/**
 * Claims the steps [s.from, end] of the dirty range read (the rest, if any, stays dirty) and
 * rebuilds their blocks; nothing when another writer or rebuild changed the range meanwhile.
 * Blocks above level 0 that also hold steps after `end` would be built from children not yet
 * rebuilt: they hold `end + 1`, so the range left dirty still names them; the levels where they
 * are the only stale block are skipped (chunkStaleBlocks), the others are built and built again
 * by the chunk that reaches their last step.
 */
async function rebuildChunkIfUnchanged(trx: Db, quirks: DialectQuirks, s: DirtySeries, end: number): Promise<void> {
  const rest = end < s.to ? { rollup_dirty_from: end + 1, rollup_dirty_to: s.to } : { rollup_dirty_from: null, rollup_dirty_to: null };
  const claimed = await trx
    .updateTable('latest_metrics')
    .set(rest)
    .where('run_uuid', '=', s.runId)
    .where('key', '=', s.key)
    .where('rollup_dirty_from', '=', s.from)
    .where('rollup_dirty_to', '=', s.to)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return;
  const stale = end < s.to ? chunkStaleBlocks(s.from, end) : staleBlocks(s.from, end);
  const top = await readStoredTop(trx, quirks, s);
  const level0 = await buildLevel0(trx, quirks, s, level0Steps(stale[0] as IndexRange));
  const topLevel = rebuiltTop(top, level0, stale.length);
  // Levels above the old top were derived from it, not stored: their kept children are derived too.
  const storedOrDerived = async (level: number, ranges: readonly IndexRange[]) => (top === undefined || level <= top.level
    ? listRollupBlocks(trx, quirks, s, level, ranges)
    : deriveLevel(top.blocks, top.level, level).filter(({ block }) => ranges.some(([from, to]) => block >= from && block <= to)));
  // Levels above the top are not stored; a chunk's skipped levels stay stale (built by a later chunk).
  const rebuilt = stale.slice(0, topLevel + 1);
  const kept = new Map<number, RollupBlock[]>();
  for (const { level, ranges } of keptChildren(rebuilt)) kept.set(level, await storedOrDerived(level, ranges));
  const levels = rebuildLevels(level0, kept, rebuilt.length);
  if (top !== undefined) {
    // A risen top: the levels it now stores also get their blocks outside the stale range, derived from the old top.
    for (let level = top.level + 1; level <= topLevel; level += 1) {
      const [from, to] = stale[level] as IndexRange;
      const outside = deriveLevel(top.blocks, top.level, level).filter(({ block }) => block < from || block > to);
      levels[level] = mergeByBlock(levels[level] as RollupBlock[], outside);
    }
  }
  await deleteBlocks(trx, s, rebuilt);
  const rows = levels.flatMap((blocks, level) =>
    blocks.map(({ block, summary }) => ({ run_uuid: s.runId, key: s.key, level, block, summary: encodeSummary(summary) })));
  for (const batch of chunked(rows)) await trx.insertInto('metric_rollups').values(batch).execute();
}

/**
 * Series stored on every level by earlier versions, among the `limit` series of latest_metrics
 * after `after` (its primary key, a bounded page like listStaleMetricSeries'), whose roll-ups are
 * up to date: the candidates for compactStoredTops. One index seek per series for its top-level row.
 */
export async function listSeriesStoredOnEveryLevel(db: Db, after: MetricSeriesRef | undefined, limit: number): Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }> {
  const { rows, next } = await latestMetricsPage(db, after, limit);
  const series: MetricSeriesRef[] = [];
  for (const batch of chunked(rows.filter((r) => r.rollup_dirty_from === null), 200)) {
    const found = await db
      .selectFrom('metric_rollups')
      .select(['run_uuid', 'key'])
      .distinct()
      .where('level', '=', ROLLUP_LEVELS - 1)
      .where((eb) => eb.or(batch.map((r) => eb.and([eb('run_uuid', '=', r.run_uuid), eb('key', '=', r.key)]))))
      .execute();
    series.push(...found.map(seriesOf));
  }
  return { series, ...(next && { next }) };
}

/**
 * Drops the levels above each series' single-block level where an earlier version stored all 13
 * (readers derive them from the new top: exact, since each was that one block again). A series
 * is taken only while its roll-ups are up to date, holding its latest_metrics row for the
 * transaction (a conditioned no-op UPDATE), so a rebuild or a writer waits and then sees the new
 * top. Returns how many series were compacted.
 */
export async function compactStoredTops(db: Db, quirks: DialectQuirks, series: readonly MetricSeriesRef[]): Promise<number> {
  let compacted = 0;
  for (const s of series) {
    const done = await atomically(db, async (trx) => {
      const held = await trx
        .updateTable('latest_metrics')
        .set({ rollup_dirty_from: null })
        .where('run_uuid', '=', s.runId)
        .where('key', '=', s.key)
        .where('rollup_dirty_from', 'is', null)
        .executeTakeFirst();
      if (Number(held.numUpdatedRows) === 0) return false;
      const top = await readStoredTop(trx, quirks, s);
      const level = top === undefined ? undefined : compactedTop(top);
      if (level === undefined) return false;
      await trx.deleteFrom('metric_rollups').where('run_uuid', '=', s.runId).where('key', '=', s.key).where('level', '>', level).execute();
      return true;
    });
    if (done) compacted += 1;
  }
  return compacted;
}

/**
 * A series' highest stored level and its blocks: found by reading its primary-key range
 * backwards for one row (an index seek on both databases), then that level's blocks.
 */
async function readStoredTop(db: Db, quirks: DialectQuirks, s: MetricSeriesRef): Promise<StoredTop | undefined> {
  const row = await db
    .selectFrom('metric_rollups')
    .select('level')
    .where('run_uuid', '=', s.runId)
    .where('key', '=', s.key)
    .orderBy('level', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const level = Number(row.level);
  return { level, blocks: await listRollupBlocks(db, quirks, s, level, [EVERY_BLOCK]) };
}

function seriesPoints(db: Db, s: MetricSeriesRef) {
  return db
    .selectFrom('metrics')
    .select(['step', 'timestamp', 'value', 'is_nan'])
    .where('run_uuid', '=', s.runId)
    .where('key', '=', s.key)
    .orderBy('step')
    .orderBy('timestamp')
    .orderBy('value')
    .orderBy('is_nan');
}

type PointRow = [value: number | string | null, timestamp: number, step: number];
type PointColumns = { v: number | null; timestamp: number; step: number; value: number; is_nan: number };

/**
 * One page of a series' points from step `from` on, in step order, as one JSON text that
 * the database writes (a driver row object per point costs more; see getWholeHistory).
 */
async function pointsPage(db: Db, quirks: DialectQuirks, s: MetricSeriesRef, from: number, to: number, limit: number): Promise<SummaryPoint[]> {
  const page = seriesPoints(db, s)
    .clearSelect()
    .select([historyValue.as('v'), 'timestamp', 'step', 'value', 'is_nan'])
    .where('step', '>=', from)
    .where('step', '<=', to)
    .limit(limit);
  return pointsOf(db, quirks, page.as('p'));
}

/** Points of a FROM subquery `p` (columns v, timestamp, step, value, is_nan), in its order. */
async function pointsOf(db: Db, quirks: DialectQuirks, from: AliasedSelectQueryBuilder<PointColumns, 'p'>): Promise<SummaryPoint[]> {
  const json = quirks.jsonRowsArray(
    [sql.ref('p.v'), sql.ref('p.timestamp'), sql.ref('p.step')],
    [sql.ref('p.step'), sql.ref('p.timestamp'), sql.ref('p.value'), sql.ref('p.is_nan')],
  );
  const row = await db.selectFrom(from).select(json.as('points')).executeTakeFirst();
  const parsed = row?.points ? (JSON.parse(row.points) as PointRow[]) : [];
  const points = new Array<SummaryPoint>(parsed.length);
  for (let i = 0; i < parsed.length; i += 1) {
    const [value, timestamp, step] = parsed[i] as PointRow;
    // NULL is NaN; PostgreSQL writes ±Infinity as strings.
    points[i] = { step, timestamp, value: value === null ? Number.NaN : Number(value) };
  }
  return points;
}

/**
 * Level-0 blocks from the raw points with steps in [from, to], read in pages that end on a
 * block edge: each page starts at a step bound, which both databases seek to in the index
 * (a row-value keyset would make SQLite scan from `from` again for every page).
 */
async function buildLevel0(db: Db, quirks: DialectQuirks, s: MetricSeriesRef, [from, to]: IndexRange): Promise<RollupBlock[]> {
  const builder = new Level0Builder();
  const width = rollupWidth(0);
  for (let cursor = from; cursor <= to;) {
    const points = await pointsPage(db, quirks, s, cursor, to, POINTS_PER_PAGE);
    const last = points[points.length - 1];
    if (points.length < POINTS_PER_PAGE || last === undefined) {
      for (const point of points) builder.add(point);
      break;
    }
    const lastBlockStart = rollupBlock(last.step, 0) * width;
    if (lastBlockStart <= cursor) {
      // One block holds more than a page: read it whole.
      for (const point of await pointsPage(db, quirks, s, cursor, lastBlockStart + width - 1, Number.MAX_SAFE_INTEGER)) builder.add(point);
      cursor = lastBlockStart + width;
      continue;
    }
    for (const point of points) if (point.step < lastBlockStart) builder.add(point);
    cursor = lastBlockStart;
  }
  return builder.result();
}

/** One statement per level: an OR over levels would scan every block of the series. */
async function deleteBlocks(db: Db, s: MetricSeriesRef, stale: readonly IndexRange[]): Promise<void> {
  for (const [level, [from, to]] of stale.entries()) {
    await db
      .deleteFrom('metric_rollups')
      .where('run_uuid', '=', s.runId)
      .where('key', '=', s.key)
      .where('level', '=', level)
      .where('block', '>=', from)
      .where('block', '<=', to)
      .execute();
  }
}

// One SELECT per range, glued with UNION ALL: an OR of ranges would make both databases scan
// the whole series and filter, where each arm is an index range scan.

/**
 * `block:summary` pairs as the database glues them (one text per series rather than a row
 * object per block), in any order; returned in block order. ';' is in neither a stored summary's
 * JSON nor its base64.
 */
const PAIR_SEPARATOR = ';';
const blockPair = (block: Expression<number>, summary: Expression<string>) => sql<string>`cast(${block} as text) || ':' || ${summary}`;

function parseBlocks(joined: string): RollupBlock[] {
  const blocks = joined.split(PAIR_SEPARATOR).map((pair) => {
    const colon = pair.indexOf(':');
    return { block: Number(pair.slice(0, colon)), summary: decodeSummary(pair.slice(colon + 1)) };
  });
  return blocks.sort((x, y) => x.block - y.block);
}

export async function listRollupBlocks(db: Db, quirks: DialectQuirks, s: MetricSeriesRef, level: number, ranges: readonly IndexRange[]): Promise<RollupBlock[]> {
  const blocks: RollupBlock[] = [];
  for (const batch of chunked(ranges, RANGES_PER_STATEMENT)) {
    const arm = ([from, to]: IndexRange) => db
      .selectFrom('metric_rollups')
      .select(['block', 'summary'])
      .where('run_uuid', '=', s.runId)
      .where('key', '=', s.key)
      .where('level', '=', level)
      .where('block', '>=', from)
      .where('block', '<=', to);
    let query = arm(batch[0] as IndexRange);
    for (const range of batch.slice(1)) query = query.unionAll(arm(range));
    // One text for all blocks, glued by the database from the stored text: not a row object per block.
    const pair = blockPair(sql.ref('b.block'), sql.ref('b.summary'));
    const row = await db.selectFrom(query.as('b')).select(quirks.joinTexts(pair, PAIR_SEPARATOR).as('blocks')).executeTakeFirst();
    if (row?.blocks) for (const block of parseBlocks(row.blocks)) blocks.push(block);
  }
  return blocks;
}

const EVERY_BLOCK: IndexRange = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/**
 * Each series' stored top (undefined: nothing stored), a level at a time from the top down,
 * asking each level only for the series not found above: a statement per level tried, each an
 * index seek per run.
 */
export async function listStoredTops(db: Db, quirks: DialectQuirks, series: readonly MetricSeriesRef[]): Promise<Array<StoredTop | undefined>> {
  const tops = series.map((): StoredTop | undefined => undefined);
  let missing = series.map((_, i) => i);
  for (let level = ROLLUP_LEVELS - 1; level >= 0 && missing.length > 0; level -= 1) {
    const found = await listRollupBlocksOfSeries(db, quirks, missing.map((i) => series[i] as MetricSeriesRef), level, EVERY_BLOCK);
    missing = missing.filter((i, m) => {
      const blocks = found[m] as RollupBlock[];
      if (blocks.length === 0) return true;
      tops[i] = { level, blocks };
      return false;
    });
  }
  return tops;
}

/** Runs per statement of listRollupBlocksOfSeries: one bound value each. */
const RUNS_PER_STATEMENT = 500;

/**
 * Blocks of many series in one statement per metric key (and 500 runs): `run_uuid IN (…)` seeks
 * the primary key once per run, and the database glues each run's blocks into one text (one row
 * per series, not per block), parsed once here.
 */
export async function listRollupBlocksOfSeries(db: Db, quirks: DialectQuirks, series: readonly MetricSeriesRef[], level: number, [from, to]: IndexRange): Promise<RollupBlock[][]> {
  const result = series.map((): RollupBlock[] => []);
  const byKey = new Map<string, Map<string, number[]>>();
  series.forEach((s, i) => {
    const runs = byKey.get(s.key) ?? new Map<string, number[]>();
    byKey.set(s.key, runs);
    runs.set(s.runId, [...(runs.get(s.runId) ?? []), i]);
  });
  const pair = blockPair(sql.ref('block'), sql.ref('summary'));
  for (const [key, runs] of byKey) {
    for (const runIds of chunked([...runs.keys()], RUNS_PER_STATEMENT)) {
      const rows = await db
        .selectFrom('metric_rollups')
        .select(['run_uuid', quirks.joinTexts(pair, PAIR_SEPARATOR).as('blocks')])
        .where('key', '=', key)
        .where('run_uuid', 'in', runIds)
        .where('level', '=', level)
        .where('block', '>=', from)
        .where('block', '<=', to)
        .groupBy('run_uuid')
        .execute();
      for (const row of rows) {
        // A series listed twice gets its own objects: callers may merge into a summary they were given.
        if (row.blocks) for (const i of runs.get(row.run_uuid) ?? []) result[i] = parseBlocks(row.blocks);
      }
    }
  }
  return result;
}

export async function listMetricPointsByStep(db: Db, quirks: DialectQuirks, s: MetricSeriesRef, ranges: readonly IndexRange[]): Promise<SummaryPoint[]> {
  const points: SummaryPoint[] = [];
  for (const batch of chunked(ranges, RANGES_PER_STATEMENT)) {
    const arm = ([from, to]: IndexRange) => db
      .selectFrom('metrics')
      .select([historyValue.as('v'), 'timestamp', 'step', 'value', 'is_nan'])
      .where('run_uuid', '=', s.runId)
      .where('key', '=', s.key)
      .where('step', '>=', from)
      .where('step', '<=', to);
    let query = arm(batch[0] as IndexRange);
    for (const range of batch.slice(1)) query = query.unionAll(arm(range));
    points.push(...(await pointsOf(db, quirks, query.as('p'))));
  }
  // Any order makes the same bucket summaries; step order is the port's promise.
  return points.sort(compareStepOrder);
}
