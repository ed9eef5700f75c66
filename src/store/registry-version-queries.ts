/**
 * Model versions and their tags. Version numbers come from the model's `last_version`
 * counter, bumped by an UPDATE … RETURNING under the model's lock: concurrent creates
 * get consecutive numbers on both databases, and a deleted number is never handed out
 * again (MLflow keeps deleted versions' numbers taken too).
 */
import type { Kysely } from 'kysely';
import type { Tag } from '../core/entities.js';
import { notFound } from '../core/errors.js';
import type { ModelVersionUpdate, NewModelVersion } from '../core/ports/registry-repository.js';
import type { ModelStage, ModelVersion } from '../core/registry-entities.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { findVersion } from './load-registry.js';
import type { Database } from './schema.js';
import { StatementTemplate } from './statement-template.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

type Db = Kysely<Database>;

/** The advisory-lock key of one model; shared by every writer of that model. */
export const modelLockKey = (name: string): string => `strata.registered_model:${name}`;

export async function versionIdOf(db: Db, name: string, version: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('model_versions as v')
    .innerJoin('registered_models as m', 'm.model_id', 'v.model_id')
    .select('v.version_id')
    .where('m.name', '=', name)
    .where('v.version', '=', version)
    .executeTakeFirst();
  return row?.version_id;
}

/** Takes the next number from the model's counter: the model id and that number, or nothing for an unknown model. */
const BUMP_LAST_VERSION = new StatementTemplate((db, [time, name]: [number, string]) =>
  db
    .updateTable('registered_models')
    .set((eb) => ({ last_version: eb('last_version', '+', 1), last_updated_time: time }))
    .where('name', '=', name)
    .returning(['model_id', 'last_version']),
);

const INSERT_MODEL_VERSION = new StatementTemplate(
  (
    db,
    [modelId, version, time, userId, description, source, runId, runLink, status, storageLocation]: [
      number, number, number, string | null, string | null, string, string | null, string | null, string, string,
    ],
  ) =>
    db
      .insertInto('model_versions')
      .values({
        model_id: modelId,
        version,
        creation_time: time,
        last_updated_time: time,
        user_id: userId,
        current_stage: 'None',
        description,
        source,
        run_id: runId,
        run_link: runLink,
        status,
        status_message: null,
        storage_location: storageLocation,
      })
      .returning('version_id'),
);

export async function insertModelVersion(db: Db, quirks: DialectQuirks, input: NewModelVersion): Promise<number> {
  return atomically(db, async (trx) => {
    await quirks.lockInTransaction(trx, modelLockKey(input.modelName));
    const [model] = await BUMP_LAST_VERSION.rows(trx, [input.creationTime, input.modelName]);
    if (!model) throw notFound(`Registered Model with name=${shortenForMessage(input.modelName)} not found`);
    const [inserted] = await INSERT_MODEL_VERSION.rows(trx, [
      model.model_id, model.last_version, input.creationTime, input.userId, input.description, input.source,
      input.runId, input.runLink, input.status, input.storageLocation,
    ]);
    if (!inserted) throw new Error('model version insert returned no row');
    if (input.tags.length > 0) await upsertVersionTags(trx, inserted.version_id, input.tags);
    return model.last_version;
  });
}

async function upsertVersionTags(db: Db, versionId: number, tags: Tag[]): Promise<void> {
  const unique = [...new Map(tags.map((tag) => [tag.key, tag.value])).entries()];
  for (const batch of chunked(unique)) {
    await db
      .insertInto('model_version_tags')
      .values(batch.map(([key, value]) => ({ version_id: versionId, key, value })))
      .onConflict((oc) => oc.columns(['version_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

export async function findModelVersion(db: Db, name: string, version: number): Promise<ModelVersion | undefined> {
  return findVersion(db, name, version);
}

const FIND_VERSION_STAGE = new StatementTemplate((db, [name, version]: [string, number]) =>
  db
    .selectFrom('model_versions as v')
    .innerJoin('registered_models as m', 'm.model_id', 'v.model_id')
    .select('v.current_stage')
    .where('m.name', '=', name)
    .where('v.version', '=', version),
);

export async function findModelVersionStage(db: Db, name: string, version: number): Promise<ModelStage | undefined> {
  const [row] = await FIND_VERSION_STAGE.rows(db, [name, version]);
  return row?.current_stage as ModelStage | undefined;
}

export async function updateModelVersion(db: Db, name: string, version: number, update: ModelVersionUpdate): Promise<void> {
  const versionId = await versionIdOf(db, name, version);
  if (versionId === undefined) return;
  await db
    .updateTable('model_versions')
    .set({
      last_updated_time: update.lastUpdatedTime,
      ...(update.description !== undefined ? { description: update.description } : {}),
      ...(update.currentStage !== undefined ? { current_stage: update.currentStage } : {}),
    })
    .where('version_id', '=', versionId)
    .execute();
}

export async function deleteModelVersion(db: Db, name: string, version: number): Promise<void> {
  await atomically(db, async (trx) => {
    const row = await trx
      .selectFrom('model_versions as v')
      .innerJoin('registered_models as m', 'm.model_id', 'v.model_id')
      .select(['v.version_id', 'v.model_id'])
      .where('m.name', '=', name)
      .where('v.version', '=', version)
      .executeTakeFirst();
    if (!row) return;
    await trx.deleteFrom('model_version_tags').where('version_id', '=', row.version_id).execute();
    await trx
      .deleteFrom('registered_model_aliases')
      .where('model_id', '=', row.model_id)
      .where('version', '=', version)
      .execute();
    await trx.deleteFrom('model_versions').where('version_id', '=', row.version_id).execute();
  });
}

export async function setModelVersionTag(db: Db, name: string, version: number, tag: Tag): Promise<void> {
  const versionId = await versionIdOf(db, name, version);
  if (versionId !== undefined) await upsertVersionTags(db, versionId, [tag]);
}

export async function deleteModelVersionTag(db: Db, name: string, version: number, key: string): Promise<boolean> {
  const versionId = await versionIdOf(db, name, version);
  if (versionId === undefined) return false;
  const result = await db
    .deleteFrom('model_version_tags')
    .where('version_id', '=', versionId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listVersionNumbersInStage(db: Db, name: string, stage: ModelStage): Promise<number[]> {
  const rows = await db
    .selectFrom('model_versions as v')
    .innerJoin('registered_models as m', 'm.model_id', 'v.model_id')
    .select('v.version')
    .where('m.name', '=', name)
    .where('v.current_stage', '=', stage)
    .orderBy('v.version')
    .execute();
  return rows.map((row) => row.version);
}

export async function findLatestVersions(db: Db, name: string, stages: readonly ModelStage[]): Promise<ModelVersion[]> {
  if (stages.length === 0) return [];
  const rows = await db
    .selectFrom('model_versions as v')
    .innerJoin('registered_models as m', 'm.model_id', 'v.model_id')
    .select(['v.current_stage', (eb) => eb.fn.max('v.version').as('version')])
    .where('m.name', '=', name)
    .where('v.status', '=', 'READY')
    .where('v.current_stage', 'in', [...stages])
    .groupBy('v.current_stage')
    .execute();
  const versions: ModelVersion[] = [];
  for (const stage of stages) {
    const row = rows.find((r) => r.current_stage === stage);
    const found = row ? await findModelVersion(db, name, Number(row.version)) : undefined;
    if (found) versions.push(found);
  }
  return versions;
}

export async function listStorageLocations(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('model_versions').select('storage_location').distinct().orderBy('storage_location').execute();
  return rows.map((row) => row.storage_location);
}
