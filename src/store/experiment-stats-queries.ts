/** Run counts and latest run activity per experiment, for the dashboard's experiments list. */
import type { Kysely } from 'kysely';
import type { ExperimentRunStats } from '../core/ports/metadata-store.js';
import { toExperimentKey } from './experiment-id.js';
import type { Database } from './schema.js';

export async function experimentRunStats(db: Kysely<Database>, experimentIds: string[]): Promise<ExperimentRunStats[]> {
  const keys = experimentIds.map(toExperimentKey).filter((key): key is number => key !== undefined);
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('runs')
    .select((eb) => [
      'experiment_id',
      eb.fn.countAll().as('run_count'),
      eb.fn.max(eb.fn.coalesce('end_time', 'start_time')).as('last_run_time'),
    ])
    .where('experiment_id', 'in', keys)
    .where('lifecycle_stage', '=', 'active')
    .groupBy('experiment_id')
    .execute();
  // PostgreSQL answers COUNT and MAX(bigint) as strings.
  return rows.map((row) => ({
    experimentId: String(row.experiment_id),
    runCount: Number(row.run_count),
    lastRunTime: Number(row.last_run_time),
  }));
}
