/**
 * Hydrates whole runs for a list of ids, in that order, with one statement per chunk of
 * ids (never one query per run): each run's row carries its tags, params and latest
 * metrics as JSON text aggregated by the database (one string per list, parsed in one
 * call, instead of a driver row object per entry), plus one query for dataset inputs.
 */
import { sql, type Expression, type Kysely } from 'kysely';
import type { DatasetInput, Metric, Run, Tag } from '../core/entities.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { toRunInfo } from './run-queries.js';
import type { Database, RunsTable } from './schema.js';

type Db = Kysely<Database>;

type RunRow = Omit<RunsTable, 'seq' | 'deleted_time'> & { tags: string | null; params: string | null; metrics: string | null };

type KeyValue = [key: string, value: string];
/** Value NULL for NaN; PostgreSQL writes ±Infinity as strings. */
type LatestPoint = [key: string, value: number | string | null, timestamp: number, step: number];

const ref = (name: string) => sql.ref(name);

/** `(select <json array of rows> from (select … from table where run_uuid = r.run_uuid order by key) h)` */
function childJson(quirks: DialectQuirks, table: 'run_tags' | 'params' | 'latest_metrics', columns: Expression<unknown>[], names: string[]) {
  const inner = sql`select ${sql.join(columns)} from ${sql.table(table)} c where c.run_uuid = r.run_uuid order by c.key`;
  const items = names.map((n) => ref(`h.${n}`));
  return sql<string | null>`(select ${quirks.jsonRowsArray(items, [ref('h.key')])} from (${inner}) h)`;
}

function keyValues(json: string | null): Tag[] {
  if (json === null) return [];
  const parsed = JSON.parse(json) as KeyValue[];
  const out = new Array<Tag>(parsed.length);
  for (let i = 0; i < parsed.length; i++) {
    const [key, value] = parsed[i] as KeyValue;
    out[i] = { key, value };
  }
  return out;
}

function latestMetrics(json: string | null): Metric[] {
  if (json === null) return [];
  const parsed = JSON.parse(json) as LatestPoint[];
  const out = new Array<Metric>(parsed.length);
  for (let i = 0; i < parsed.length; i++) {
    const [key, value, timestamp, step] = parsed[i] as LatestPoint;
    out[i] = { key, value: value === null ? Number.NaN : Number(value), timestamp: Number(timestamp), step: Number(step) };
  }
  return out;
}

function parseInputTags(json: string): Tag[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as Tag[]) : [];
}

async function loadInputs(db: Db, ids: string[], inputs: Map<string, DatasetInput[]>): Promise<void> {
  const rows = await db
    .selectFrom('run_inputs')
    .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
    .select(['run_inputs.run_uuid', 'run_inputs.tags', 'name', 'digest', 'source_type', 'source', 'schema', 'profile'])
    .where('run_inputs.run_uuid', 'in', ids)
    .orderBy('name')
    .orderBy('digest')
    .execute();
  for (const row of rows) {
    let list = inputs.get(row.run_uuid);
    if (list === undefined) inputs.set(row.run_uuid, (list = []));
    list.push({
      tags: parseInputTags(row.tags),
      dataset: {
        name: row.name,
        digest: row.digest,
        sourceType: row.source_type,
        source: row.source,
        ...(row.schema !== null ? { schema: row.schema } : {}),
        ...(row.profile !== null ? { profile: row.profile } : {}),
      },
    });
  }
}

async function loadChunk(db: Db, quirks: DialectQuirks, ids: string[], runs: Map<string, Run>): Promise<void> {
  const tags = childJson(quirks, 'run_tags', [ref('c.key'), ref('c.value')], ['key', 'value']);
  const params = childJson(quirks, 'params', [ref('c.key'), ref('c.value')], ['key', 'value']);
  const metrics = childJson(
    quirks,
    'latest_metrics',
    [ref('c.key'), sql`case when c.is_nan = 1 then null else c.value end as v`, ref('c.timestamp'), ref('c.step')],
    ['key', 'v', 'timestamp', 'step'],
  );
  const { rows } = await sql<RunRow>`select r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time,
    r.lifecycle_stage, r.artifact_uri, ${tags} as tags, ${params} as params, ${metrics} as metrics
    from runs r where r.run_uuid in (${sql.join(ids)})`.execute(db);
  const inputs = new Map<string, DatasetInput[]>();
  await loadInputs(db, ids, inputs);
  for (const row of rows) {
    runs.set(row.run_uuid, {
      info: toRunInfo(row),
      data: { metrics: latestMetrics(row.metrics), params: keyValues(row.params), tags: keyValues(row.tags) },
      inputs: { datasetInputs: inputs.get(row.run_uuid) ?? [] },
    });
  }
}

/** Runs for `runIds` in the same order; ids that name no run are left out. */
export async function loadRuns(db: Db, quirks: DialectQuirks, runIds: string[]): Promise<Run[]> {
  const runs = new Map<string, Run>();
  for (const ids of chunked([...new Set(runIds)])) await loadChunk(db, quirks, ids, runs);
  const out: Run[] = [];
  for (const runId of runIds) {
    const run = runs.get(runId);
    if (run !== undefined) out.push(run);
  }
  return out;
}
