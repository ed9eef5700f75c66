/**
 * Versions of registered datasets, and the runs that used them: a run used a version
 * when it logged an input (runs/log-inputs, the `datasets` / `run_inputs` tables)
 * whose digest is the version's digest.
 */
import type { Kysely } from 'kysely';
import type { DatasetVersion, DatasetVersionRun } from '../core/dataset-registry-entities.js';
import type { Tag } from '../core/entities.js';
import { notFound } from '../core/errors.js';
import type { NewDatasetVersion } from '../core/ports/dataset-registry-repository.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { datasetLockKey } from './registered-dataset-queries.js';
import type { Database } from './schema.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

type Db = Kysely<Database>;

const CONTEXT_TAG = 'mlflow.data.context';

function selectVersions(db: Db) {
  return db
    .selectFrom('registry_dataset_versions as v')
    .innerJoin('registry_datasets as d', 'd.dataset_id', 'v.dataset_id')
    .select([
      'd.name', 'v.version', 'v.digest', 'v.size', 'v.file_count', 'v.source_uri', 'v.schema', 'v.profile',
      'v.created_by', 'v.created_at',
    ]);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof selectVersions>['executeTakeFirstOrThrow']>>;

function toDatasetVersion(row: VersionRow): DatasetVersion {
  return {
    name: row.name,
    version: row.version,
    digest: row.digest,
    size: row.size,
    fileCount: row.file_count,
    sourceUri: row.source_uri,
    schema: row.schema,
    profile: row.profile,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertDatasetVersion(db: Db, quirks: DialectQuirks, input: NewDatasetVersion): Promise<number> {
  return atomically(db, async (trx) => {
    await quirks.lockInTransaction(trx, datasetLockKey(input.name));
    const dataset = await trx
      .updateTable('registry_datasets')
      .set((eb) => ({ last_version: eb('last_version', '+', 1), updated_at: input.createdAt }))
      .where('name', '=', input.name)
      .returning(['dataset_id', 'last_version'])
      .executeTakeFirst();
    if (!dataset) throw notFound(`Dataset '${shortenForMessage(input.name)}' not found`);
    await trx
      .insertInto('registry_dataset_versions')
      .values({
        dataset_id: dataset.dataset_id,
        version: dataset.last_version,
        digest: input.digest,
        size: input.size,
        file_count: input.fileCount,
        source_uri: input.sourceUri,
        schema: input.schema,
        profile: input.profile,
        created_by: input.createdBy,
        created_at: input.createdAt,
      })
      .execute();
    return dataset.last_version;
  });
}

export async function findDatasetVersion(db: Db, name: string, version: number): Promise<DatasetVersion | undefined> {
  const row = await selectVersions(db).where('d.name', '=', name).where('v.version', '=', version).executeTakeFirst();
  return row && toDatasetVersion(row);
}

export async function findDatasetVersionByDigest(db: Db, name: string, digest: string): Promise<DatasetVersion | undefined> {
  const row = await selectVersions(db).where('d.name', '=', name).where('v.digest', '=', digest).executeTakeFirst();
  return row && toDatasetVersion(row);
}

export async function listDatasetVersions(db: Db, name: string): Promise<DatasetVersion[]> {
  const rows = await selectVersions(db).where('d.name', '=', name).orderBy('v.version', 'desc').execute();
  return rows.map(toDatasetVersion);
}

export async function findDatasetVersionsByDigest(db: Db, digest: string): Promise<DatasetVersion[]> {
  const rows = await selectVersions(db).where('v.digest', '=', digest).orderBy('d.name').orderBy('v.version').execute();
  return rows.map(toDatasetVersion);
}

function contextOf(tagsJson: string): string | null {
  try {
    const tags = JSON.parse(tagsJson) as Tag[];
    return tags.find((tag) => tag.key === CONTEXT_TAG)?.value ?? null;
  } catch {
    return null;
  }
}

async function usageRows(db: Db, digests: readonly string[]) {
  return db
    .selectFrom('datasets as d')
    .innerJoin('run_inputs as ri', 'ri.dataset_uuid', 'd.dataset_uuid')
    .innerJoin('runs as r', 'r.run_uuid', 'ri.run_uuid')
    .select(['r.run_uuid', 'r.name as run_name', 'r.experiment_id', 'r.start_time', 'r.seq', 'd.name', 'd.digest', 'ri.tags'])
    .where('d.digest', 'in', digests)
    .where('r.lifecycle_stage', '=', 'active')
    .execute();
}

type UsageRow = Awaited<ReturnType<typeof usageRows>>[number];

/** Newest run first (start time, then insertion order), then by digest and context. */
function compareUsage(a: UsageRow, b: UsageRow): number {
  return b.start_time - a.start_time || b.seq - a.seq || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0);
}

export async function listRunsUsingDigests(db: Db, digests: readonly string[]): Promise<DatasetVersionRun[]> {
  const rows: UsageRow[] = [];
  for (const batch of chunked([...new Set(digests)])) rows.push(...(await usageRows(db, batch)));
  const seen = new Set<string>();
  const found: DatasetVersionRun[] = [];
  for (const row of rows.sort(compareUsage)) {
    const context = contextOf(row.tags);
    const key = JSON.stringify([row.run_uuid, row.digest, context]);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({
      runId: row.run_uuid,
      runName: row.run_name,
      experimentId: String(row.experiment_id),
      inputName: row.name,
      context,
      digest: row.digest,
    });
  }
  return found;
}
