/**
 * Dataset inputs of runs. A dataset is stored once per (experiment, name, digest);
 * a run's input row is unique per dataset, so logging the same input twice is a no-op
 * (the tags of the first logging are kept).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dataset, DatasetInput } from '../core/entities.js';
import { atomically } from './atomically.js';
import { toExperimentKey } from './experiment-id.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Inserts the dataset unless an identical one exists, then returns the stored uuid. */
async function datasetUuid(db: Db, experimentKey: number, dataset: Dataset): Promise<string> {
  await db
    .insertInto('datasets')
    .values({
      dataset_uuid: randomUUID().replaceAll('-', ''),
      experiment_id: experimentKey,
      name: dataset.name,
      digest: dataset.digest,
      source_type: dataset.sourceType,
      source: dataset.source,
      schema: dataset.schema ?? null,
      profile: dataset.profile ?? null,
    })
    .onConflict((oc) => oc.columns(['experiment_id', 'name', 'digest']).doNothing())
    .execute();
  const row = await db
    .selectFrom('datasets')
    .select('dataset_uuid')
    .where('experiment_id', '=', experimentKey)
    .where('name', '=', dataset.name)
    .where('digest', '=', dataset.digest)
    .executeTakeFirstOrThrow();
  return row.dataset_uuid;
}

export async function logInputs(db: Db, runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void> {
  const experimentKey = toExperimentKey(experimentId);
  if (experimentKey === undefined || inputs.length === 0) return;
  await atomically(db, async (trx) => {
    for (const input of inputs) {
      const uuid = await datasetUuid(trx, experimentKey, input.dataset);
      await trx
        .insertInto('run_inputs')
        .values({ run_uuid: runId, dataset_uuid: uuid, tags: JSON.stringify(input.tags) })
        .onConflict((oc) => oc.columns(['run_uuid', 'dataset_uuid']).doNothing())
        .execute();
    }
  });
}

export async function findDatasetsByDigest(db: Db, digest: string): Promise<Array<Dataset & { experimentId: string }>> {
  const rows = await db.selectFrom('datasets').selectAll().where('digest', '=', digest).orderBy('experiment_id').orderBy('name').execute();
  return rows.map((row) => ({
    experimentId: String(row.experiment_id),
    name: row.name,
    digest: row.digest,
    sourceType: row.source_type,
    source: row.source,
    ...(row.schema !== null ? { schema: row.schema } : {}),
    ...(row.profile !== null ? { profile: row.profile } : {}),
  }));
}
