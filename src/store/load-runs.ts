/**
 * Hydrates whole runs for a list of ids, in that order, with one query per table
 * per chunk of ids (never one query per run): info, tags, params, latest metrics
 * and dataset inputs.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DatasetInput, Metric, Run, Tag } from '../core/entities.js';
import { chunked } from './chunked.js';
import { toRunInfo } from './run-queries.js';
import type { Database, RunsTable } from './schema.js';

type Db = Kysely<Database>;

interface RunParts {
  row: Selectable<RunsTable>;
  tags: Tag[];
  params: Tag[];
  metrics: Metric[];
  inputs: DatasetInput[];
}

function partsFor(parts: Map<string, RunParts>, runId: string): RunParts | undefined {
  return parts.get(runId);
}

async function loadKeyValues(db: Db, table: 'run_tags' | 'params', ids: string[], parts: Map<string, RunParts>): Promise<void> {
  const rows = await db.selectFrom(table).select(['run_uuid', 'key', 'value']).where('run_uuid', 'in', ids).orderBy('key').execute();
  for (const row of rows) {
    const target = partsFor(parts, row.run_uuid);
    (table === 'run_tags' ? target?.tags : target?.params)?.push({ key: row.key, value: row.value });
  }
}

async function loadLatestMetrics(db: Db, ids: string[], parts: Map<string, RunParts>): Promise<void> {
  const rows = await db.selectFrom('latest_metrics').selectAll().where('run_uuid', 'in', ids).orderBy('key').execute();
  for (const row of rows) {
    partsFor(parts, row.run_uuid)?.metrics.push({
      key: row.key,
      value: row.is_nan ? Number.NaN : row.value,
      timestamp: row.timestamp,
      step: row.step,
    });
  }
}

function parseInputTags(json: string): Tag[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as Tag[]) : [];
}

async function loadInputs(db: Db, ids: string[], parts: Map<string, RunParts>): Promise<void> {
  const rows = await db
    .selectFrom('run_inputs')
    .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
    .select(['run_inputs.run_uuid', 'run_inputs.tags', 'name', 'digest', 'source_type', 'source', 'schema', 'profile'])
    .where('run_inputs.run_uuid', 'in', ids)
    .orderBy('name')
    .orderBy('digest')
    .execute();
  for (const row of rows) {
    partsFor(parts, row.run_uuid)?.inputs.push({
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

async function loadChunk(db: Db, ids: string[], parts: Map<string, RunParts>): Promise<void> {
  const rows = await db.selectFrom('runs').selectAll().where('run_uuid', 'in', ids).execute();
  for (const row of rows) parts.set(row.run_uuid, { row, tags: [], params: [], metrics: [], inputs: [] });
  await loadKeyValues(db, 'run_tags', ids, parts);
  await loadKeyValues(db, 'params', ids, parts);
  await loadLatestMetrics(db, ids, parts);
  await loadInputs(db, ids, parts);
}

/** Runs for `runIds` in the same order; ids that name no run are left out. */
export async function loadRuns(db: Db, runIds: string[]): Promise<Run[]> {
  const parts = new Map<string, RunParts>();
  for (const ids of chunked([...new Set(runIds)])) await loadChunk(db, ids, parts);
  return runIds.flatMap((runId) => {
    const found = parts.get(runId);
    if (!found) return [];
    return [{
      info: toRunInfo(found.row),
      data: { metrics: found.metrics, params: found.params, tags: found.tags },
      inputs: { datasetInputs: found.inputs },
    }];
  });
}
