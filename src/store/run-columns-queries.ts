/**
 * The runs table's two reads (issue 12): which keys an experiment has (with how many active runs
 * have each), and a page of runs/search carrying only the chosen columns. An experiment with
 * 5,000 metric keys costs one grouped index scan for the list (params and tags: a read of
 * counts the writes keep) and nothing per key until a column is shown.
 */
import { sql, type Kysely } from 'kysely';
import type { Metric, Page, Run, Tag } from '../core/entities.js';
import type { ExperimentKeys, ExperimentKeysQuery, KeyCount, RunColumns, RunSearchQuery } from '../core/ports/metadata-store.js';
import { chunked } from './chunked.js';
import { toExperimentKey } from './experiment-id.js';
import { toRunInfo } from './run-queries.js';
import type { Database, KeyKind } from './schema.js';
import { searchRunIds } from './search/index.js';

type Db = Kysely<Database>;

/** Keys are compared as JavaScript strings (code units), not by the database's collation, so both dialects agree. */
function byKey(a: KeyCount, b: KeyCount): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function prefixCondition(column: string, prefix: string | undefined) {
  if (prefix === undefined || prefix === '') return sql<boolean>`1 = 1`;
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}

interface CountRow {
  key: string;
  n: number | string;
}

/**
 * Param and tag keys come from experiment_key_counts (kept by the writes: key-count-queries.ts),
 * one primary-key range. Metric keys read the (experiment_id, key, …) index of latest_metrics
 * alone, then take off what deleted runs hold (usually none: one lookup by the runs index).
 */
export async function experimentKeys(db: Db, query: ExperimentKeysQuery): Promise<ExperimentKeys> {
  const experimentId = toExperimentKey(query.experimentId);
  if (experimentId === undefined) return { params: [], metrics: [], tags: [], truncated: false };
  const keptCounts = async (kind: KeyKind) => {
    const { rows } = await sql<CountRow>`select key, run_count as n from experiment_key_counts
      where experiment_id = ${experimentId} and kind = ${kind} and run_count > 0 and ${prefixCondition('key', query.prefix)}`.execute(db);
    return rows.map((row) => ({ key: row.key, runCount: Number(row.n) }));
  };
  const metricCounts = async () => {
    const all = await countMetricKeys(db, experimentId, query.prefix);
    const { rows: deleted } = await sql<CountRow>`select lm.key as key, count(*) as n from runs r
      join latest_metrics lm on lm.run_uuid = r.run_uuid
      where r.experiment_id = ${experimentId} and r.lifecycle_stage <> 'active' and ${prefixCondition('lm.key', query.prefix)}
      group by lm.key`.execute(db);
    const gone = new Map(deleted.map((row) => [row.key, Number(row.n)]));
    return all.map((row) => ({ key: row.key, runCount: row.runCount - (gone.get(row.key) ?? 0) })).filter((k) => k.runCount > 0);
  };
  const params = await keptCounts('param');
  const tags = await keptCounts('tag');
  const metrics = await metricCounts();
  let truncated = false;
  const cut = (list: KeyCount[]) => {
    list.sort(byKey);
    if (list.length <= query.maxResults) return list;
    truncated = true;
    return list.slice(0, query.maxResults);
  };
  return { params: cut(params), metrics: cut(metrics), tags: cut(tags), truncated };
}

/**
 * Metric keys of an experiment with their number of latest values: the distinct keys by one index
 * seek each (a skip scan of latest_metrics' (experiment_id, key, …) index), then counted a few keys
 * per statement. On SQLite a statement blocks the whole server while it runs (100,000 runs × 20
 * keys: ~1 s in one grouped scan), so the keys go in statements of about STATEMENT_MS, yielding to
 * other requests in between: the runs page's rows no longer wait for its column list.
 */
async function countMetricKeys(db: Db, experimentId: number, prefix: string | undefined): Promise<KeyCount[]> {
  const { rows } = await sql<{ key: string | null }>`with recursive k(key) as (
      select min(key) from latest_metrics where experiment_id = ${experimentId}
      union all
      select (select min(lm.key) from latest_metrics lm where lm.experiment_id = ${experimentId} and lm.key > k.key) from k where k.key is not null
    ) select key from k where key is not null`.execute(db);
  const keys = rows.map((row) => row.key as string).filter((key) => !prefix || key.startsWith(prefix));
  const out: KeyCount[] = [];
  let size = 1;
  for (let i = 0; i < keys.length; ) {
    const some = keys.slice(i, i + size);
    i += some.length;
    const start = performance.now();
    const { rows: counted } = await sql<CountRow>`select key, count(*) as n from latest_metrics
      where experiment_id = ${experimentId} and key in (${sql.join(some)}) group by key`.execute(db);
    out.push(...counted.map((row) => ({ key: row.key, runCount: Number(row.n) })));
    const took = performance.now() - start;
    size = took < STATEMENT_MS / 2 ? Math.min(size * 2, 500) : took > STATEMENT_MS * 2 ? Math.max(1, size >> 1) : size;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

const STATEMENT_MS = 20;

interface ValueRow {
  run_uuid: string;
  key: string;
  value: string;
}

interface MetricRow {
  run_uuid: string;
  key: string;
  value: number;
  is_nan: number;
  step: number;
  timestamp: number;
}

/** Rows of `table` for (run ids × keys), chunked so bind parameters stay well under both limits. */
async function childRows<T extends { run_uuid: string; key: string }>(
  db: Db,
  table: 'params' | 'run_tags' | 'latest_metrics',
  columns: string,
  runIds: string[],
  keys: string[],
): Promise<T[]> {
  if (runIds.length === 0 || keys.length === 0) return [];
  const out: T[] = [];
  for (const ids of chunked(runIds)) {
    for (const someKeys of chunked([...new Set(keys)])) {
      const { rows } = await sql<T>`select ${sql.raw(columns)} from ${sql.table(table)}
        where run_uuid in (${sql.join(ids)}) and key in (${sql.join(someKeys)})`.execute(db);
      out.push(...rows);
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function group<T extends { run_uuid: string }, V>(rows: T[], map: (row: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const row of rows) {
    let list = out.get(row.run_uuid);
    if (list === undefined) out.set(row.run_uuid, (list = []));
    list.push(map(row));
  }
  return out;
}

export async function searchRunColumns(db: Db, query: RunSearchQuery, columns: RunColumns): Promise<Page<Run>> {
  const { runIds, nextPageToken } = await searchRunIds(db, query);
  const infos = new Map<string, Run['info']>();
  for (const ids of chunked(runIds)) {
    const rows = await db
      .selectFrom('runs')
      .select(['run_uuid', 'experiment_id', 'name', 'user_id', 'status', 'start_time', 'end_time', 'lifecycle_stage', 'artifact_uri'])
      .where('run_uuid', 'in', ids)
      .execute();
    for (const row of rows) infos.set(row.run_uuid, toRunInfo(row));
  }
  const toTag = (row: ValueRow): Tag => ({ key: row.key, value: row.value });
  const params = group(await childRows<ValueRow>(db, 'params', 'run_uuid, key, value', runIds, columns.params), toTag);
  const tags = group(await childRows<ValueRow>(db, 'run_tags', 'run_uuid, key, value', runIds, columns.tags), toTag);
  const metrics = group(
    await childRows<MetricRow>(db, 'latest_metrics', 'run_uuid, key, value, is_nan, step, timestamp', runIds, columns.metrics),
    (row): Metric => ({ key: row.key, value: Number(row.is_nan) === 1 ? Number.NaN : Number(row.value), step: Number(row.step), timestamp: Number(row.timestamp) }),
  );
  const items: Run[] = [];
  for (const runId of runIds) {
    const info = infos.get(runId);
    if (info === undefined) continue;
    items.push({
      info,
      data: { params: params.get(runId) ?? [], metrics: metrics.get(runId) ?? [], tags: tags.get(runId) ?? [] },
      inputs: { datasetInputs: [] },
    });
  }
  return { items, ...(nextPageToken ? { nextPageToken } : {}) };
}
