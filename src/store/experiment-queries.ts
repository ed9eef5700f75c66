/**
 * Experiments and their tags. A unique violation on the name is translated into
 * MLflow's RESOURCE_ALREADY_EXISTS through the dialect quirks.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Experiment, LifecycleStage, Tag } from '../core/entities.js';
import { alreadyExists } from '../core/errors.js';
import type { NewExperiment } from '../core/ports/metadata-store.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { toExperimentKey } from './experiment-id.js';
import { dropExperimentKeyCounts, recountExperiment } from './key-count-queries.js';
import type { Database, ExperimentsTable } from './schema.js';
import { StatementTemplate } from './statement-template.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

type Db = Kysely<Database>;

function duplicateName(name: string): Error {
  return alreadyExists(`Experiment(name=${shortenForMessage(name)}) already exists. Error: the name is taken by another experiment.`);
}

/** Runs `write`, turning a unique violation into the duplicate-name error. */
async function guardName<T>(quirks: DialectQuirks, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (quirks.isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
}

export async function insertExperiment(db: Db, quirks: DialectQuirks, input: NewExperiment): Promise<string> {
  return guardName(quirks, input.name, () =>
    atomically(db, async (trx) => {
      const fixedLocation = typeof input.artifactLocation === 'string' ? input.artifactLocation : '';
      const { experiment_id: id } = await trx
        .insertInto('experiments')
        .values({
          name: input.name,
          artifact_location: fixedLocation,
          lifecycle_stage: 'active',
          creation_time: input.creationTime,
          last_update_time: input.creationTime,
          deleted_time: null,
        })
        .returning('experiment_id')
        .executeTakeFirstOrThrow();
      const experimentId = String(id);
      // A derived location needs the id the database just assigned.
      if (typeof input.artifactLocation === 'function') {
        const location = input.artifactLocation(experimentId);
        await trx.updateTable('experiments').set({ artifact_location: location }).where('experiment_id', '=', id).execute();
      }
      await upsertExperimentTags(trx, id, input.tags);
      return experimentId;
    }),
  );
}

async function upsertExperimentTags(db: Db, experimentKey: number, tags: Tag[]): Promise<void> {
  const unique = [...new Map(tags.map((tag) => [tag.key, tag.value])).entries()];
  for (const batch of chunked(unique)) {
    await db
      .insertInto('experiment_tags')
      .values(batch.map(([key, value]) => ({ experiment_id: experimentKey, key, value })))
      .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

function toExperiment(row: Selectable<ExperimentsTable>, tags: Tag[]): Experiment {
  return {
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    creationTime: row.creation_time,
    lastUpdateTime: row.last_update_time,
    tags,
  };
}

/** Loads experiments with their tags, in the order of `experimentKeys`; two queries per chunk. */
export async function loadExperiments(db: Db, experimentKeys: number[]): Promise<Experiment[]> {
  const rows: Selectable<ExperimentsTable>[] = [];
  const tagsById = new Map<number, Tag[]>();
  for (const batch of chunked(experimentKeys)) {
    rows.push(...(await db.selectFrom('experiments').selectAll().where('experiment_id', 'in', batch).execute()));
    const tagRows = await db.selectFrom('experiment_tags').selectAll().where('experiment_id', 'in', batch).orderBy('key').execute();
    for (const tag of tagRows) {
      const list = tagsById.get(tag.experiment_id) ?? [];
      list.push({ key: tag.key, value: tag.value });
      tagsById.set(tag.experiment_id, list);
    }
  }
  const byId = new Map(rows.map((row) => [row.experiment_id, row]));
  return experimentKeys.flatMap((key) => {
    const row = byId.get(key);
    return row ? [toExperiment(row, tagsById.get(key) ?? [])] : [];
  });
}

const FIND_EXPERIMENT = new StatementTemplate((db, [key]: [number]) =>
  db
    .selectFrom('experiments')
    .leftJoin('experiment_tags', 'experiment_tags.experiment_id', 'experiments.experiment_id')
    .selectAll('experiments')
    .select(['experiment_tags.key as tag_key', 'experiment_tags.value as tag_value'])
    .where('experiments.experiment_id', '=', key)
    .orderBy('experiment_tags.key'),
);

/** One experiment with its tags in one statement (every runs/create reads its experiment). */
export async function findExperiment(db: Db, experimentId: string): Promise<Experiment | undefined> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return undefined;
  const rows = await FIND_EXPERIMENT.rows(db, [key]);
  const [first] = rows;
  if (!first) return undefined;
  const { tag_key: _key, tag_value: _value, ...row } = first;
  const tags: Tag[] = [];
  for (const r of rows) if (r.tag_key !== null && r.tag_value !== null) tags.push({ key: r.tag_key, value: r.tag_value });
  return toExperiment(row, tags);
}

export async function findExperimentByName(db: Db, name: string): Promise<Experiment | undefined> {
  const row = await db.selectFrom('experiments').select('experiment_id').where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  const [experiment] = await loadExperiments(db, [row.experiment_id]);
  return experiment;
}

export async function renameExperiment(db: Db, quirks: DialectQuirks, experimentId: string, newName: string, time: number): Promise<void> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return;
  await guardName(quirks, newName, () =>
    db.updateTable('experiments').set({ name: newName, last_update_time: time }).where('experiment_id', '=', key).execute(),
  );
}

/**
 * Deleting marks the experiment and its *active* runs deleted, all with the same
 * deleted_time. Restoring brings back exactly the runs whose deleted_time equals
 * the experiment's, so runs deleted on their own before stay deleted. (MLflow's
 * SqlAlchemyStore flips every run of the experiment both ways; this keeps a
 * deliberate run deletion across a delete/restore of its experiment.)
 */
export async function setExperimentLifecycle(db: Db, experimentId: string, stage: LifecycleStage, time: number): Promise<boolean> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return false;
  return atomically(db, (trx) => (stage === 'deleted' ? deleteExperiment(trx, key, time) : restoreExperiment(trx, key, time)));
}

async function deleteExperiment(db: Db, key: number, time: number): Promise<boolean> {
  const result = await db
    .updateTable('experiments')
    .set({ lifecycle_stage: 'deleted', deleted_time: time, last_update_time: time })
    .where('experiment_id', '=', key)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await db
    .updateTable('runs')
    .set({ lifecycle_stage: 'deleted', deleted_time: time })
    .where('experiment_id', '=', key)
    .where('lifecycle_stage', '=', 'active')
    .execute();
  // None of its runs is active now.
  await dropExperimentKeyCounts(db, key);
  return true;
}

async function restoreExperiment(db: Db, key: number, time: number): Promise<boolean> {
  const row = await db.selectFrom('experiments').select('deleted_time').where('experiment_id', '=', key).executeTakeFirst();
  const result = await db
    .updateTable('experiments')
    .set({ lifecycle_stage: 'active', deleted_time: null, last_update_time: time })
    .where('experiment_id', '=', key)
    .executeTakeFirst();
  // Gone since it was read: `strata gc` removed it meanwhile.
  if (result.numUpdatedRows === 0n) return false;
  if (row?.deleted_time === null || row?.deleted_time === undefined) return true;
  await db
    .updateTable('runs')
    .set({ lifecycle_stage: 'active', deleted_time: null })
    .where('experiment_id', '=', key)
    .where('lifecycle_stage', '=', 'deleted')
    .where('deleted_time', '=', row.deleted_time)
    .execute();
  await recountExperiment(db, key);
  return true;
}

export async function setExperimentTag(db: Db, experimentId: string, tag: Tag): Promise<void> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return;
  await upsertExperimentTags(db, key, [tag]);
}

export async function deleteExperimentTag(db: Db, experimentId: string, tagKey: string): Promise<boolean> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return false;
  const result = await db
    .deleteFrom('experiment_tags')
    .where('experiment_id', '=', key)
    .where('key', '=', tagKey)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
