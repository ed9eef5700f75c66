/**
 * Registered models and their tags. Callers address models by name; `modelIdOf`
 * (model-id.ts) turns a name into the surrogate id the child tables use.
 */
import type { Kysely } from 'kysely';
import type { Tag } from '../core/entities.js';
import type { NewRegisteredModel } from '../core/ports/registry-repository.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import { modelIdOf } from './model-id.js';
import { deleteModelGateResults } from './gate-result-queries.js';
import { deleteModelPromotions } from './promotion-queries.js';
import type { Database } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

export async function insertRegisteredModel(db: Db, input: NewRegisteredModel): Promise<void> {
  await atomically(db, async (trx) => {
    const { model_id: modelId } = await trx
      .insertInto('registered_models')
      .values({
        name: input.name,
        description: input.description,
        creation_time: input.creationTime,
        last_updated_time: input.creationTime,
        last_version: 0,
      })
      .returning('model_id')
      .executeTakeFirstOrThrow();
    await upsertModelTags(trx, modelId, input.tags);
  });
}

async function upsertModelTags(db: Db, modelId: number, tags: Tag[]): Promise<void> {
  const unique = [...new Map(tags.map((tag) => [tag.key, tag.value])).entries()];
  for (const batch of chunked(unique)) {
    await db
      .insertInto('registered_model_tags')
      .values(batch.map(([key, value]) => ({ model_id: modelId, key, value })))
      .onConflict((oc) => oc.columns(['model_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

export async function renameRegisteredModel(db: Db, name: string, newName: string, time: number): Promise<void> {
  await db
    .updateTable('registered_models')
    .set({ name: newName, last_updated_time: time })
    .where('name', '=', name)
    .execute();
}

export async function updateRegisteredModel(db: Db, name: string, description: string | null, time: number): Promise<void> {
  await db
    .updateTable('registered_models')
    .set({ description, last_updated_time: time })
    .where('name', '=', name)
    .execute();
}

const TOUCH_MODEL = new StatementTemplate((db, [time, name]: [number, string]) =>
  db.updateTable('registered_models').set({ last_updated_time: time }).where('name', '=', name),
);

export async function touchRegisteredModel(db: Db, name: string, time: number): Promise<void> {
  await TOUCH_MODEL.run(db, [time, name]);
}

/** Children first: the foreign keys are enforced on both databases. */
export async function deleteRegisteredModel(db: Db, name: string): Promise<void> {
  await atomically(db, async (trx) => {
    const modelId = await modelIdOf(trx, name);
    if (modelId === undefined) return;
    await deleteModelPromotions(trx, modelId);
    await deleteModelGateResults(trx, modelId);
    const versionIds = trx.selectFrom('model_versions').select('version_id').where('model_id', '=', modelId);
    await trx.deleteFrom('model_version_tags').where('version_id', 'in', versionIds).execute();
    for (const table of ['registered_model_aliases', 'registry_history', 'model_versions', 'registered_model_tags'] as const) {
      await trx.deleteFrom(table).where('model_id', '=', modelId).execute();
    }
    await trx.deleteFrom('registered_models').where('model_id', '=', modelId).execute();
  });
}

export async function setRegisteredModelTag(db: Db, name: string, tag: Tag): Promise<void> {
  const modelId = await modelIdOf(db, name);
  if (modelId !== undefined) await upsertModelTags(db, modelId, [tag]);
}

export async function deleteRegisteredModelTag(db: Db, name: string, key: string): Promise<boolean> {
  const modelId = await modelIdOf(db, name);
  if (modelId === undefined) return false;
  const result = await db
    .deleteFrom('registered_model_tags')
    .where('model_id', '=', modelId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
