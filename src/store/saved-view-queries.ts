/** The runs table's saved views: a handful of rows per experiment, read by (experiment, name). */
import type { Kysely, Selectable } from 'kysely';
import { alreadyExists } from '../core/errors.js';
import type { SavedView, SavedViewUpdate } from '../core/ports/saved-view-repository.js';
import { shortenForMessage } from '../core/shorten-for-message.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { toExperimentKey } from './experiment-id.js';
import type { Database, SavedViewsTable } from './schema.js';

type Db = Kysely<Database>;

function toSavedView(row: Selectable<SavedViewsTable>): SavedView {
  return {
    viewId: row.view_id,
    experimentId: String(row.experiment_id),
    name: row.name,
    state: row.state,
    createdBy: row.created_by,
    createdTime: Number(row.created_time),
    lastUpdateTime: Number(row.last_update_time),
  };
}

/** The unique (experiment, name) index is the last word when two saves race. */
async function guardName<T>(quirks: DialectQuirks, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (quirks.isUniqueViolation(error)) throw duplicateViewName(name);
    throw error;
  }
}

export function duplicateViewName(name: string) {
  return alreadyExists(`A saved view named '${shortenForMessage(name)}' already exists in this experiment.`);
}

export async function listSavedViews(db: Db, experimentId: string): Promise<SavedView[]> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return [];
  const rows = await db.selectFrom('saved_views').selectAll().where('experiment_id', '=', key).orderBy('name').orderBy('view_id').execute();
  return rows.map(toSavedView);
}

export async function countSavedViews(db: Db, experimentId: string): Promise<number> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return 0;
  const row = await db.selectFrom('saved_views').select((eb) => eb.fn.countAll<number | string>().as('n')).where('experiment_id', '=', key).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findSavedView(db: Db, viewId: string): Promise<SavedView | undefined> {
  const row = await db.selectFrom('saved_views').selectAll().where('view_id', '=', viewId).executeTakeFirst();
  return row === undefined ? undefined : toSavedView(row);
}

export async function findSavedViewByName(db: Db, experimentId: string, name: string): Promise<SavedView | undefined> {
  const key = toExperimentKey(experimentId);
  if (key === undefined) return undefined;
  const row = await db.selectFrom('saved_views').selectAll().where('experiment_id', '=', key).where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toSavedView(row);
}

export async function insertSavedView(db: Db, quirks: DialectQuirks, view: SavedView): Promise<void> {
  const key = toExperimentKey(view.experimentId);
  if (key === undefined) throw new Error(`not an experiment id: ${view.experimentId}`);
  await guardName(quirks, view.name, () =>
    db
      .insertInto('saved_views')
      .values({
        view_id: view.viewId,
        experiment_id: key,
        name: view.name,
        state: view.state,
        created_by: view.createdBy,
        created_time: view.createdTime,
        last_update_time: view.lastUpdateTime,
      })
      .execute(),
  );
}

export async function updateSavedView(db: Db, quirks: DialectQuirks, viewId: string, update: SavedViewUpdate): Promise<void> {
  await guardName(quirks, update.name ?? '', () =>
    db
      .updateTable('saved_views')
      .set({ ...(update.name === undefined ? {} : { name: update.name }), ...(update.state === undefined ? {} : { state: update.state }), last_update_time: update.lastUpdateTime })
      .where('view_id', '=', viewId)
      .execute(),
  );
}

export async function deleteSavedView(db: Db, viewId: string): Promise<boolean> {
  const result = await db.deleteFrom('saved_views').where('view_id', '=', viewId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
