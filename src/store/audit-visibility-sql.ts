/**
 * The audit log as a caller who is not an auditor sees it: events of the experiments (and their
 * runs, saved views and artifact paths), models (and versions), datasets (and versions) and
 * webhooks it may read. Server-wide events (gc) are the auditors'. A type the caller may read
 * entirely adds no condition beyond its entity types; a list of keys is pushed into the SQL, so
 * keyset paging stays exact.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AuditVisibility, ReadableSet } from '../core/ports/grant-repository.js';

const FALSE = sql<boolean>`1 = 0`;

const list = (keys: readonly (string | number)[]) => sql.join([...keys]);

/** `entity_id` is `<name>/<version>` of a readable name (the name itself may hold '/'). */
function nameSlashVersion(names: readonly string[]): RawBuilder<boolean> {
  if (names.length === 0) return FALSE;
  return sql<boolean>`(${sql.join(
    names.map((name) => sql`(substr(entity_id, 1, ${name.length + 1}) = ${`${name}/`} AND substr(entity_id, ${name.length + 2}) NOT LIKE '%/%')`),
    sql` OR `,
  )})`;
}

function typed(types: readonly string[], readable: ReadableSet, restrict: (keys: readonly string[]) => RawBuilder<boolean>): RawBuilder<boolean> {
  const ofType = sql<boolean>`entity_type IN (${list(types)})`;
  if (readable.all) return ofType;
  return sql<boolean>`(${ofType} AND ${readable.keys.length === 0 ? FALSE : restrict(readable.keys)})`;
}

function experimentEvents(readable: ReadableSet): RawBuilder<boolean> {
  const ofType = sql<boolean>`entity_type IN ('experiment', 'run', 'saved_view', 'artifact')`;
  if (readable.all) return ofType;
  const ids = readable.keys.map(Number).filter((id) => Number.isSafeInteger(id) && id >= 0);
  if (ids.length === 0) return FALSE;
  return sql<boolean>`(
    (entity_type = 'experiment' AND entity_id IN (${list(ids.map(String))}))
    OR (entity_type = 'run' AND entity_id IN (SELECT run_uuid FROM runs WHERE experiment_id IN (${list(ids)})))
    OR (entity_type = 'saved_view' AND entity_id IN (SELECT view_id FROM saved_views WHERE experiment_id IN (${list(ids)})))
    OR (entity_type = 'artifact' AND (${sql.join(ids.map((id) => sql`substr(entity_id, 1, ${String(id).length + 1}) = ${`${id}/`}`), sql` OR `)}))
  )`;
}

export function auditVisibility(visible: AuditVisibility): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    [
      experimentEvents(visible.experiment),
      typed(['registered_model'], visible.model, (names) => sql<boolean>`entity_id IN (${list(names)})`),
      typed(['model_version'], visible.model, nameSlashVersion),
      typed(['dataset'], visible.dataset, (names) => sql<boolean>`entity_id IN (${list(names)})`),
      typed(['dataset_version'], visible.dataset, nameSlashVersion),
      typed(['webhook'], visible.webhook, (ids) => sql<boolean>`entity_id IN (${list(ids)})`),
    ],
    sql` OR `,
  )})`;
}
