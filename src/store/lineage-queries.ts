/**
 * Lineage reads, batched: each function answers for a whole level of the graph with one
 * query per table (chunked under the bind-variable limit). Indexes used: runs.run_uuid,
 * run_tags (run_uuid, key) and (key, value), datasets.digest, run_inputs.dataset_uuid
 * (migration 0004), model_versions.run_id.
 */
import { sql, type Kysely } from 'kysely';
import type { Tag } from '../core/entities.js';
import { LINEAGE_RUN_TAG_KEYS } from '../core/lineage/lineage-graph.js';
import type { LineageInput, LineageRun, RunTagMatch } from '../core/ports/lineage-repository.js';
import type { ModelVersion } from '../core/registry-entities.js';
import { chunked } from './chunked.js';
import { toRunInfo } from './run-queries.js';
import { loadModelVersions } from './load-registry.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

const CONTEXT_TAG = 'mlflow.data.context';

function contextOf(tagsJson: string): string | null {
  const tags = JSON.parse(tagsJson) as Tag[];
  return tags.find((tag) => tag.key === CONTEXT_TAG)?.value ?? null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function loadRunChunk(db: Db, ids: string[]): Promise<LineageRun[]> {
  const [runs, tags, inputs] = await Promise.all([
    db
      .selectFrom('runs')
      .select(['run_uuid', 'experiment_id', 'name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri', 'lifecycle_stage'])
      .where('run_uuid', 'in', ids)
      .execute(),
    db.selectFrom('run_tags').select(['run_uuid', 'key', 'value']).where('run_uuid', 'in', ids).where('key', 'in', LINEAGE_RUN_TAG_KEYS).execute(),
    db
      .selectFrom('run_inputs as i')
      .innerJoin('datasets as d', 'd.dataset_uuid', 'i.dataset_uuid')
      .select(['i.run_uuid', 'i.tags', 'd.name', 'd.digest', 'd.source_type', 'd.source'])
      .where('i.run_uuid', 'in', ids)
      .orderBy('d.name')
      .execute(),
  ]);
  const tagsByRun = new Map<string, Tag[]>();
  for (const row of tags) push(tagsByRun, row.run_uuid, { key: row.key, value: row.value });
  const inputsByRun = new Map<string, LineageInput[]>();
  for (const row of inputs) {
    push(inputsByRun, row.run_uuid, { name: row.name, digest: row.digest, sourceType: row.source_type, source: row.source, context: contextOf(row.tags) });
  }
  return runs.map((row) => ({
    info: toRunInfo(row),
    tags: tagsByRun.get(row.run_uuid) ?? [],
    inputs: inputsByRun.get(row.run_uuid) ?? [],
  }));
}

export async function loadLineageRuns(db: Db, runIds: readonly string[]): Promise<LineageRun[]> {
  const out: LineageRun[] = [];
  for (const ids of chunked([...new Set(runIds)])) out.push(...(await loadRunChunk(db, ids)));
  return out;
}

export async function findRunIdsByDatasetDigests(db: Db, digests: readonly string[]): Promise<Array<{ runId: string; digest: string }>> {
  const out: Array<{ runId: string; digest: string }> = [];
  for (const chunk of chunked(digests)) {
    const rows = await db
      .selectFrom('datasets as d')
      .innerJoin('run_inputs as i', 'i.dataset_uuid', 'd.dataset_uuid')
      .select(['i.run_uuid', 'd.digest'])
      .where('d.digest', 'in', chunk)
      .execute();
    out.push(...rows.map((row) => ({ runId: row.run_uuid, digest: row.digest })));
  }
  return out;
}

export async function findDatasetDigestsByPrefix(db: Db, prefix: string, limit: number): Promise<string[]> {
  // substr rather than LIKE: LIKE ignores case in SQLite and treats _ and % as wildcards.
  const rows = await db
    .selectFrom('datasets')
    .select('digest')
    .distinct()
    .where(sql<string>`substr(digest, 1, ${sql.lit(prefix.length)})`, '=', prefix)
    .orderBy('digest')
    .limit(limit)
    .execute();
  return rows.map((row) => row.digest);
}

export async function findRunIdsByTagValues(db: Db, key: string, values: readonly string[]): Promise<RunTagMatch[]> {
  const out: RunTagMatch[] = [];
  for (const chunk of chunked(values)) {
    const rows = await db.selectFrom('run_tags').select(['run_uuid', 'value']).where('key', '=', key).where('value', 'in', chunk).execute();
    out.push(...rows.map((row) => ({ runId: row.run_uuid, value: row.value })));
  }
  return out;
}

export async function findModelVersionsByRunIds(db: Db, runIds: readonly string[]): Promise<ModelVersion[]> {
  const ids: number[] = [];
  for (const chunk of chunked(runIds)) {
    const rows = await db.selectFrom('model_versions').select('version_id').where('run_id', 'in', chunk).orderBy('version_id').execute();
    ids.push(...rows.map((row) => row.version_id));
  }
  return loadModelVersions(db, ids);
}
