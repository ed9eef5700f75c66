/**
 * Aliases and the registry history. History rows reference the model by id, so they
 * follow a rename; "which version held alias X at time T" is the last event of that
 * alias at or before T, read off the (model_id, alias, time, event_id) index.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ModelStage, NewRegistryHistoryEvent, RegistryHistoryEvent, RegistryHistoryKind } from '../core/registry-entities.js';
import type { RegistryHistoryQuery } from '../core/ports/registry-repository.js';
import type { PromotionJustification } from '../core/promotions/promotion-entities.js';
import { modelIdOf } from './model-id.js';
import type { Database, RegistryHistoryTable } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

const FIND_ALIAS_VERSION = new StatementTemplate((db, [name, alias]: [string, string]) =>
  db
    .selectFrom('registered_model_aliases as a')
    .innerJoin('registered_models as m', 'm.model_id', 'a.model_id')
    .select('a.version')
    .where('m.name', '=', name)
    .where('a.alias', '=', alias),
);

export async function findAliasVersion(db: Db, name: string, alias: string): Promise<number | undefined> {
  const [row] = await FIND_ALIAS_VERSION.rows(db, [name, alias]);
  return row?.version;
}

/** INSERT … SELECT from the model's row: one statement, and nothing happens for an unknown name. */
const SET_ALIAS = new StatementTemplate((db, [alias, version, name]: [string, number, string]) =>
  db
    .insertInto('registered_model_aliases')
    .columns(['model_id', 'alias', 'version'])
    .expression((eb) =>
      eb
        .selectFrom('registered_models')
        .select((s) => ['model_id', s.val(alias).as('alias'), s.val(version).as('version')])
        .where('name', '=', name),
    )
    .onConflict((oc) => oc.columns(['model_id', 'alias']).doUpdateSet({ version })),
);

export async function setAlias(db: Db, name: string, alias: string, version: number): Promise<void> {
  await SET_ALIAS.run(db, [alias, version, name]);
}

export async function deleteAlias(db: Db, name: string, alias: string): Promise<boolean> {
  const modelId = await modelIdOf(db, name);
  if (modelId === undefined) return false;
  const result = await db
    .deleteFrom('registered_model_aliases')
    .where('model_id', '=', modelId)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const APPEND_HISTORY = new StatementTemplate(
  (
    db,
    [version, kind, alias, stage, previousVersion, previousStage, actor, time, requestId, justification, name]: [
      number, string, string | null, string | null, number | null, string | null, string, number, string | null, string | null, string,
    ],
  ) =>
    db
      .insertInto('registry_history')
      .columns(['model_id', 'version', 'kind', 'alias', 'stage', 'previous_version', 'previous_stage', 'actor', 'time', 'request_id', 'justification'])
      .expression((eb) =>
        eb
          .selectFrom('registered_models')
          .select((s) => [
            'model_id',
            s.val(version).as('version'),
            s.val(kind).as('kind'),
            s.val(alias).as('alias'),
            s.val(stage).as('stage'),
            s.val(previousVersion).as('previous_version'),
            s.val(previousStage).as('previous_stage'),
            s.val(actor).as('actor'),
            s.val(time).as('time'),
            s.val(requestId).as('request_id'),
            s.val(justification).as('justification'),
          ])
          .where('name', '=', name),
      ),
);

export async function appendRegistryHistory(db: Db, event: NewRegistryHistoryEvent): Promise<void> {
  await APPEND_HISTORY.run(db, [
    event.version, event.kind, event.alias, event.stage, event.previousVersion, event.previousStage, event.actor, event.time,
    event.requestId ?? null, event.justification === undefined ? null : JSON.stringify(event.justification), event.modelName,
  ]);
}

function toHistoryEvent(row: Selectable<RegistryHistoryTable>, name: string): RegistryHistoryEvent {
  return {
    eventId: row.event_id,
    name,
    version: row.version,
    kind: row.kind as RegistryHistoryKind,
    alias: row.alias,
    stage: row.stage as ModelStage | null,
    previousVersion: row.previous_version,
    previousStage: row.previous_stage as ModelStage | null,
    actor: row.actor,
    time: row.time,
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
    ...(row.justification === null ? {} : { justification: JSON.parse(row.justification) as PromotionJustification }),
  };
}

export async function listRegistryHistory(db: Db, query: RegistryHistoryQuery): Promise<RegistryHistoryEvent[]> {
  const modelId = await modelIdOf(db, query.modelName);
  if (modelId === undefined) return [];
  let select = db.selectFrom('registry_history').selectAll().where('model_id', '=', modelId);
  if (query.alias !== undefined) select = select.where('alias', '=', query.alias);
  const rows = await select.orderBy('time').orderBy('event_id').execute();
  return rows.map((row) => toHistoryEvent(row, query.modelName));
}

export async function findAliasEventAt(db: Db, name: string, alias: string, time: number): Promise<RegistryHistoryEvent | undefined> {
  const row = await db
    .selectFrom('registry_history as h')
    .innerJoin('registered_models as m', 'm.model_id', 'h.model_id')
    .selectAll('h')
    .where('m.name', '=', name)
    .where('h.alias', '=', alias)
    .where('h.time', '<=', time)
    .orderBy('h.time', 'desc')
    .orderBy('h.event_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toHistoryEvent(row, name) : undefined;
}
