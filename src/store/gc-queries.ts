/**
 * Permanent removal of deleted runs and experiments for `strata gc`, and the lookups it
 * plans with. Child rows go first (metrics, params, tags, inputs), then the run; an
 * experiment goes once its runs are gone.
 */
import { sql, type Kysely } from 'kysely';
import type {
  ArtifactReferences, DeletedExperimentRow, DeletedRunRow, PendingArtifactDeletion, UnderivedRunRow,
} from '../core/ports/gc-repository.js';
import { toExperimentKey } from './experiment-id.js';
import { dropExperimentKeyCounts } from './key-count-queries.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

const RUN_CHILD_TABLES = ['metrics', 'latest_metrics', 'metric_rollups', 'params', 'run_tags', 'run_inputs'] as const;

export async function listDeletedRuns(db: Db, cutoff: number): Promise<DeletedRunRow[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['run_uuid', 'experiment_id', 'artifact_uri', 'deleted_time'])
    .where('lifecycle_stage', '=', 'deleted')
    .where('deleted_time', '<=', cutoff)
    .orderBy('deleted_time')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    runId: r.run_uuid,
    experimentId: String(r.experiment_id),
    artifactUri: r.artifact_uri,
    deletedTime: r.deleted_time ?? 0,
  }));
}

export async function listDeletedExperiments(db: Db, cutoff: number): Promise<DeletedExperimentRow[]> {
  const rows = await db
    .selectFrom('experiments')
    .select(['experiment_id', 'name', 'artifact_location', 'deleted_time'])
    .where('lifecycle_stage', '=', 'deleted')
    .where('deleted_time', '<=', cutoff)
    .orderBy('deleted_time')
    .orderBy('experiment_id')
    .execute();
  return rows.map((r) => ({
    experimentId: String(r.experiment_id),
    name: r.name,
    artifactLocation: r.artifact_location,
    deletedTime: r.deleted_time ?? 0,
  }));
}

export async function listRunIdsOfExperiment(db: Db, experimentId: string): Promise<string[]> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return [];
  const rows = await db.selectFrom('runs').select('run_uuid').where('experiment_id', '=', key).orderBy('seq').execute();
  return rows.map((r) => r.run_uuid);
}

export async function listExperimentArtifactLocations(db: Db): Promise<Array<{ experimentId: string; artifactLocation: string }>> {
  const rows = await db.selectFrom('experiments').select(['experiment_id', 'artifact_location']).execute();
  return rows.map((r) => ({ experimentId: String(r.experiment_id), artifactLocation: r.artifact_location }));
}

/** Mirrors runArtifactUri (core/canonical-artifact-location.ts): rtrim drops every trailing '/', as its regex does. */
export async function listUnderivedRunArtifactUris(db: Db): Promise<UnderivedRunRow[]> {
  const rows = await db
    .selectFrom('runs')
    .innerJoin('experiments', 'experiments.experiment_id', 'runs.experiment_id')
    .select(['runs.run_uuid', 'runs.experiment_id', 'runs.artifact_uri'])
    .where(sql<boolean>`runs.artifact_uri <> rtrim(experiments.artifact_location, '/') || '/' || runs.run_uuid || '/artifacts'`)
    .orderBy('runs.seq')
    .execute();
  return rows.map((r) => ({ runId: r.run_uuid, experimentId: String(r.experiment_id), artifactUri: r.artifact_uri }));
}

export async function listArtifactReferences(db: Db): Promise<ArtifactReferences> {
  const rows = await db.selectFrom('model_versions').select(['run_id', 'source', 'storage_location']).execute();
  const runIds = new Set<string>();
  const locations = new Set<string>();
  for (const row of rows) {
    if (row.run_id) runIds.add(row.run_id);
    for (const location of [row.storage_location, row.source]) if (location) locations.add(location);
  }
  return { runIds: [...runIds].sort(), locations: [...locations].sort() };
}

/**
 * Both purges start here: the row they remove is written, unchanged, on condition that it
 * is still deleted. An UPDATE takes the row's write lock (PostgreSQL re-checks the condition
 * after waiting for it; SQLite has one writer), so a restore either committed first and the
 * purge does nothing, or it waits and then updates no row.
 */
async function claimDeleted(db: Db, table: 'runs' | 'experiments', keyColumn: 'run_uuid' | 'experiment_id', key: string | number): Promise<boolean> {
  const result = await sql`UPDATE ${sql.table(table)} SET lifecycle_stage = 'deleted'
    WHERE ${sql.ref(keyColumn)} = ${key} AND lifecycle_stage = 'deleted'`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
}

export async function purgeRun(db: Db, runId: string): Promise<boolean> {
  if (!(await claimDeleted(db, 'runs', 'run_uuid', runId))) return false;
  for (const table of RUN_CHILD_TABLES) await db.deleteFrom(table).where('run_uuid', '=', runId).execute();
  // Gate results describe the run's data; with the run gone they would point at nothing.
  await db.deleteFrom('gate_results').where('run_id', '=', runId).execute();
  await db.deleteFrom('runs').where('run_uuid', '=', runId).execute();
  return true;
}

export async function purgeExperiment(db: Db, experimentId: string): Promise<boolean> {
  const key = toExperimentKey(experimentId);
  if (key === undefined || !(await claimDeleted(db, 'experiments', 'experiment_id', key))) return false;
  const run = await db.selectFrom('runs').select('run_uuid').where('experiment_id', '=', key).limit(1).executeTakeFirst();
  if (run) return false;
  await db.deleteFrom('experiment_tags').where('experiment_id', '=', key).execute();
  await dropExperimentKeyCounts(db, key);
  await db.deleteFrom('datasets').where('experiment_id', '=', key).execute();
  await db.deleteFrom('saved_views').where('experiment_id', '=', key).execute();
  await db.deleteFrom('experiments').where('experiment_id', '=', key).execute();
  return true;
}

export async function addPendingArtifactDeletion(db: Db, pending: PendingArtifactDeletion): Promise<void> {
  await db
    .insertInto('gc_pending_artifacts')
    .values({ path: pending.path, entity_type: pending.entityType, entity_id: pending.entityId, created_at: pending.createdAt })
    .onConflict((oc) => oc.column('path').doNothing())
    .execute();
}

export async function listPendingArtifactDeletions(db: Db): Promise<PendingArtifactDeletion[]> {
  const rows = await db.selectFrom('gc_pending_artifacts').selectAll().orderBy('created_at').orderBy('path').execute();
  return rows.map((r) => ({
    path: r.path,
    entityType: r.entity_type === 'experiment' ? 'experiment' : 'run',
    entityId: r.entity_id,
    createdAt: r.created_at,
  }));
}

export async function removePendingArtifactDeletion(db: Db, path: string): Promise<void> {
  await db.deleteFrom('gc_pending_artifacts').where('path', '=', path).execute();
}
