/** Runs: info, lifecycle, tags and params. Reading whole runs lives in load-runs.ts. */
import type { Kysely, Selectable } from 'kysely';
import type { LifecycleStage, Param, RunInfo, RunStatus, Tag } from '../core/entities.js';
import { invalidParameter } from '../core/errors.js';
import type { NewRun, RunInfoUpdate } from '../core/ports/metadata-store.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { addKeyCounts, addRunKeyCounts, lockRun, type LockedRun } from './key-count-queries.js';
import { toExperimentKey } from './experiment-id.js';
import type { Database, RunsTable } from './schema.js';
import { StatementTemplate } from './statement-template.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

type Db = Kysely<Database>;

/** Maps a runs row (all columns but seq and deleted_time are needed) to the domain RunInfo. */
export function toRunInfo(row: Omit<Selectable<RunsTable>, 'seq' | 'deleted_time'>): RunInfo {
  return {
    runId: row.run_uuid,
    runName: row.name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status as RunStatus,
    startTime: row.start_time,
    endTime: row.end_time,
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
  };
}

const INSERT_RUN = new StatementTemplate(
  (db, [runId, experimentId, name, userId, status, startTime, artifactUri]: [string, number, string, string, string, number, string]) =>
    db.insertInto('runs').values({
      run_uuid: runId,
      experiment_id: experimentId,
      name,
      user_id: userId,
      status,
      start_time: startTime,
      end_time: null,
      lifecycle_stage: 'active',
      artifact_uri: artifactUri,
      deleted_time: null,
    }),
);

export async function insertRun(db: Db, input: NewRun): Promise<void> {
  const experimentKey = toExperimentKey(input.experimentId);
  if (experimentKey === undefined) throw invalidParameter(`Invalid experiment id: ${shortenForMessage(input.experimentId)}`);
  await atomically(db, async (trx) => {
    await INSERT_RUN.run(trx, [
      input.runId, experimentKey, input.runName, input.userId, input.status, input.startTime, input.artifactUri,
    ]);
    // A new run: every tag key is new to it, and it is active.
    const keys = await writeRunTags(trx, { runId: input.runId, experimentId: experimentKey, startTime: input.startTime }, input.tags);
    await addKeyCounts(trx, experimentKey, 'tag', keys, 1);
  });
}

const FIND_RUN_INFO = new StatementTemplate((db, [runId]: [string]) => db.selectFrom('runs').selectAll().where('run_uuid', '=', runId));

export async function findRunInfo(db: Db, runId: string): Promise<RunInfo | undefined> {
  const [row] = await FIND_RUN_INFO.rows(db, [runId]);
  return row ? toRunInfo(row) : undefined;
}

export async function updateRunInfo(db: Db, runId: string, update: RunInfoUpdate): Promise<void> {
  const changes = {
    ...(update.status !== undefined ? { status: update.status } : {}),
    ...(update.endTime !== undefined ? { end_time: update.endTime } : {}),
    ...(update.runName !== undefined ? { name: update.runName } : {}),
  };
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('runs').set(changes).where('run_uuid', '=', runId).execute();
}

/** A change between active and deleted takes the run's keys out of (or back into) the counts. */
export async function setRunLifecycle(db: Db, quirks: DialectQuirks, runId: string, stage: LifecycleStage, time: number): Promise<boolean> {
  return atomically(db, async (trx) => {
    const run = await lockRun(trx, quirks, runId);
    if (run === undefined) return false;
    const result = await trx
      .updateTable('runs')
      .set({ lifecycle_stage: stage, deleted_time: stage === 'deleted' ? time : null })
      .where('run_uuid', '=', runId)
      .executeTakeFirst();
    if (run.active !== (stage === 'active')) await addRunKeyCounts(trx, runId, run.experimentId, stage === 'active' ? 1 : -1);
    return result.numUpdatedRows > 0n;
  });
}

/** The run a param or tag row belongs to, as its copied columns hold it (migration 20). */
interface RowOwner {
  runId: string;
  experimentId: number | null;
  startTime: number | null;
}

type OwnerAndKeyValues = [runId: string, experimentId: number | null, startTime: number | null, ...keyValues: string[]];

const ownerArgs = (owner: RowOwner, keyValues: string[]): OwnerAndKeyValues => [owner.runId, owner.experimentId, owner.startTime, ...keyValues];

/** Arguments: the owner, then key and value of each row. */
const UPSERT_RUN_TAGS = new StatementTemplate((db, [runId, experimentId, startTime, ...keyValues]: OwnerAndKeyValues) =>
  db
    .insertInto('run_tags')
    .values(pairs(keyValues).map(([key, value]) => ({ run_uuid: runId, experiment_id: experimentId, start_time: startTime, key, value })))
    .onConflict((oc) => oc.columns(['run_uuid', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))),
);

/** A missing run writes nothing (its foreign key refuses the row), so null copies never last. */
function ownerOf(runId: string, run: LockedRun | undefined): RowOwner {
  return { runId, experimentId: run?.experimentId ?? null, startTime: run?.startTime ?? null };
}

/** [k1, v1, k2, v2, …] → [[k1, v1], [k2, v2], …] */
function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/** Last value wins within one call, as if the tags were set one after another. Returns the keys written. */
async function writeRunTags(db: Db, owner: RowOwner, tags: Tag[]): Promise<string[]> {
  const unique = [...new Map(tags.map((tag) => [tag.key, tag.value])).entries()];
  for (const batch of chunked(unique)) await UPSERT_RUN_TAGS.run(db, ownerArgs(owner, batch.flat()));
  return unique.map(([key]) => key);
}

/** Arguments: the run id, then keys. */
const FIND_RUN_TAG_KEYS = new StatementTemplate((db, [runId, ...keys]: string[]) =>
  db.selectFrom('run_tags').select('key').where('run_uuid', '=', runId!).where('key', 'in', keys),
);

/** Keys the run has already are overwritten and counted once; new ones add to the counts while the run is active. */
export async function upsertRunTags(db: Db, quirks: DialectQuirks, runId: string, tags: Tag[]): Promise<void> {
  await atomically(db, async (trx) => {
    const run = await lockRun(trx, quirks, runId);
    const had = new Set<string>();
    if (run?.active) {
      for (const keys of chunked([...new Set(tags.map((tag) => tag.key))])) {
        for (const row of await FIND_RUN_TAG_KEYS.rows(trx, [runId, ...keys])) had.add(row.key);
      }
    }
    const written = await writeRunTags(trx, ownerOf(runId, run), tags);
    if (run?.active) await addKeyCounts(trx, run.experimentId, 'tag', written.filter((key) => !had.has(key)), 1);
  });
}

export async function deleteRunTag(db: Db, quirks: DialectQuirks, runId: string, key: string): Promise<boolean> {
  return atomically(db, async (trx) => {
    const run = await lockRun(trx, quirks, runId);
    const result = await trx.deleteFrom('run_tags').where('run_uuid', '=', runId).where('key', '=', key).executeTakeFirst();
    const deleted = result.numDeletedRows > 0n;
    if (deleted && run?.active) await addKeyCounts(trx, run.experimentId, 'tag', [key], -1);
    return deleted;
  });
}

/**
 * Params are immutable: a key the run already has is left alone (ON CONFLICT DO NOTHING).
 * RETURNING names the keys actually inserted, so the stored values are read back only
 * for the keys that were already there, usually none.
 */
/** Arguments: the owner, then key and value of each param. */
const INSERT_PARAMS = new StatementTemplate((db, [runId, experimentId, startTime, ...keyValues]: OwnerAndKeyValues) =>
  db
    .insertInto('params')
    .values(pairs(keyValues).map(([key, value]) => ({ run_uuid: runId, experiment_id: experimentId, start_time: startTime, key, value })))
    .onConflict((oc) => oc.columns(['run_uuid', 'key']).doNothing())
    .returning('key'),
);

export async function insertParams(db: Db, quirks: DialectQuirks, runId: string, params: Param[]): Promise<Param[]> {
  if (params.length === 0) return [];
  return atomically(db, async (trx) => {
    const run = await lockRun(trx, quirks, runId);
    const { existing, insertedKeys } = await insertParamRows(trx, ownerOf(runId, run), params);
    if (run?.active) await addKeyCounts(trx, run.experimentId, 'param', insertedKeys, 1);
    return existing;
  });
}

async function insertParamRows(db: Db, owner: RowOwner, params: Param[]): Promise<{ existing: Param[]; insertedKeys: string[] }> {
  const { runId } = owner;
  const existing: Param[] = [];
  const insertedKeys: string[] = [];
  for (const batch of chunked(params)) {
    const inserted = await INSERT_PARAMS.rows(db, ownerArgs(owner, batch.flatMap((param) => [param.key, param.value])));
    insertedKeys.push(...inserted.map((row) => row.key));
    if (inserted.length === batch.length) continue;
    const added = new Set(inserted.map((row) => row.key));
    const present = [...new Set(batch.map((param) => param.key).filter((key) => !added.has(key)))];
    if (present.length === 0) continue; // a key repeated within the batch
    existing.push(
      ...(await db
        .selectFrom('params')
        .select(['key', 'value'])
        .where('run_uuid', '=', runId)
        .where('key', 'in', present)
        .execute()),
    );
  }
  existing.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { existing, insertedKeys };
}
