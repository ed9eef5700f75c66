/**
 * Keeps experiment_key_counts (migration 0010) in step with the writes, inside their
 * transactions: a run counts once per param or tag key while it is active.
 *
 * Concurrency (several servers on one PostgreSQL): every change is an upsert adding a
 * delta (`run_count + n`), never a read-modify-write, and a write to a run first locks the
 * run's row (quirks.runRowLock), so a tag written twice at once or a delete racing a
 * log-batch sees the other's committed rows. Deltas are applied in (kind, key) order so two
 * transactions touching the same counts take their row locks in the same order.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectQuirks } from './dialect-quirks.js';
import type { Database, KeyKind } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

export interface LockedRun {
  experimentId: number;
  startTime: number;
  active: boolean;
}

/** One statement per quirks object: its lock clause is part of the SQL (statement-template.ts). */
const LOCK_RUN = new WeakMap<DialectQuirks, StatementTemplate<[string], { experiment_id: number; start_time: number; lifecycle_stage: string }>>();

/** Locks the run's row for the rest of the transaction; undefined when there is no such run. */
export async function lockRun(db: Db, quirks: DialectQuirks, runId: string): Promise<LockedRun | undefined> {
  let statement = LOCK_RUN.get(quirks);
  if (statement === undefined) {
    statement = new StatementTemplate((db, [id]: [string]) =>
      db.selectFrom('runs').select(['experiment_id', 'start_time', 'lifecycle_stage']).where('run_uuid', '=', id).modifyEnd(quirks.runRowLock),
    );
    LOCK_RUN.set(quirks, statement);
  }
  const [row] = await statement.rows(db, [runId]);
  return row ? { experimentId: Number(row.experiment_id), startTime: Number(row.start_time), active: row.lifecycle_stage === 'active' } : undefined;
}

/** Arguments: experiment id, kind, delta, then the keys. */
const ADD_KEY_COUNTS = new StatementTemplate((db, [experimentId, kind, delta, ...keys]: [number, KeyKind, number, ...string[]]) =>
  db
    .insertInto('experiment_key_counts')
    .values(keys.map((key) => ({ experiment_id: experimentId, kind, key, run_count: delta })))
    .onConflict((oc) => oc.columns(['experiment_id', 'kind', 'key']).doUpdateSet({ run_count: sql`experiment_key_counts.run_count + excluded.run_count` })),
);

/** Adds `delta` to the count of each key (each key once; callers pass keys new to the run). */
export async function addKeyCounts(db: Db, experimentId: number, kind: KeyKind, keys: Iterable<string>, delta: number): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  // 500 rows × 4 values stays under both databases' bind-parameter limits.
  for (let i = 0; i < sorted.length; i += 500) await ADD_KEY_COUNTS.run(db, [experimentId, kind, delta, ...sorted.slice(i, i + 500)]);
}

/** Adds `delta` for every param and tag key the run has: it was just deleted (-1) or restored (+1). */
export async function addRunKeyCounts(db: Db, runId: string, experimentId: number, delta: number): Promise<void> {
  // Read first and applied by addKeyCounts, so the lock order is the same as every writer's.
  const params = await db.selectFrom('params').select('key').where('run_uuid', '=', runId).execute();
  const tags = await db.selectFrom('run_tags').select('key').where('run_uuid', '=', runId).execute();
  await addKeyCounts(db, experimentId, 'param', params.map((row) => row.key), delta);
  await addKeyCounts(db, experimentId, 'tag', tags.map((row) => row.key), delta);
}

/**
 * Counts an experiment's keys again from its active runs: after its delete or restore
 * changed the lifecycle of all its runs at once (rare; the update holds every run's row).
 */
export async function recountExperiment(db: Db, experimentId: number): Promise<void> {
  await db.deleteFrom('experiment_key_counts').where('experiment_id', '=', experimentId).execute();
  for (const [kind, table] of [['param', 'params'], ['tag', 'run_tags']] as const) {
    await sql`insert into experiment_key_counts (experiment_id, kind, key, run_count)
      select r.experiment_id, ${kind}, c.key, count(*) from runs r join ${sql.table(table)} c on c.run_uuid = r.run_uuid
      where r.experiment_id = ${experimentId} and r.lifecycle_stage = 'active' group by r.experiment_id, c.key`.execute(db);
  }
}

/** Gone with the experiment (`strata gc`): it has no runs left, so every count is 0. */
export async function dropExperimentKeyCounts(db: Db, experimentId: number): Promise<void> {
  await db.deleteFrom('experiment_key_counts').where('experiment_id', '=', experimentId).execute();
}
