/**
 * Hydrates registry entities in batches: versions by version id (with tags and the
 * aliases that point at them), registered models by model id (with tags, aliases and
 * the newest version per stage). Results keep the order of the ids asked for.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Tag } from '../core/entities.js';
import type { ModelAlias, ModelStage, ModelVersion, ModelVersionStatus, RegisteredModel } from '../core/registry-entities.js';
import { MODEL_STAGES } from '../core/registry-entities.js';
import { chunked } from './chunked.js';
import type { Database, ModelVersionsTable, RegisteredModelsTable } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

type VersionRow = Selectable<ModelVersionsTable> & { name: string };

function toModelVersion(row: VersionRow, tags: Tag[], aliases: string[]): ModelVersion {
  return {
    name: row.name,
    version: row.version,
    creationTime: row.creation_time,
    lastUpdatedTime: row.last_updated_time,
    userId: row.user_id,
    currentStage: row.current_stage as ModelStage,
    description: row.description,
    source: row.source,
    runId: row.run_id,
    runLink: row.run_link,
    status: row.status as ModelVersionStatus,
    statusMessage: row.status_message,
    storageLocation: row.storage_location,
    tags,
    aliases,
  };
}

const versionRows = (db: Db) =>
  db.selectFrom('model_versions as v').innerJoin('registered_models as m', 'm.model_id', 'v.model_id').selectAll('v').select('m.name');

const FIND_VERSION_ROW = new StatementTemplate((db, [name, version]: [string, number]) =>
  versionRows(db).where('m.name', '=', name).where('v.version', '=', version),
);

/** One version by name and number: the row, then its tags and aliases (the hot path of get and get-by-alias). */
export async function findVersion(db: Db, name: string, version: number): Promise<ModelVersion | undefined> {
  const [row] = await FIND_VERSION_ROW.rows(db, [name, version]);
  if (!row) return undefined;
  const [found] = await hydrateVersions(db, [row]);
  return found;
}

async function loadVersionChunk(db: Db, ids: number[]): Promise<ModelVersion[]> {
  const rows = await versionRows(db).where('v.version_id', 'in', ids).execute();
  const byId = new Map((await hydrateVersions(db, rows)).map((v, i) => [rows[i]?.version_id, v]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

// Compiled once per number of ids (callers chunk, so that number is bounded).
const VERSION_TAGS = new StatementTemplate((db, ids: number[]) =>
  db.selectFrom('model_version_tags').selectAll().where('version_id', 'in', ids).orderBy('key'),
);
const VERSION_ALIASES = new StatementTemplate((db, ids: number[]) =>
  db
    .selectFrom('registered_model_aliases as a')
    .innerJoin('model_versions as v', (join) => join.onRef('v.model_id', '=', 'a.model_id').onRef('v.version', '=', 'a.version'))
    .select(['v.version_id', 'a.alias'])
    .where('v.version_id', 'in', ids)
    .orderBy('a.alias'),
);

/** Adds tags and aliases to version rows, keeping their order. */
async function hydrateVersions(db: Db, rows: VersionRow[]): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.version_id);
  const [tagRows, aliasRows] = await Promise.all([VERSION_TAGS.rows(db, ids), VERSION_ALIASES.rows(db, ids)]);
  const tags = groupBy(tagRows, (t) => t.version_id);
  const aliases = groupBy(aliasRows, (a) => a.version_id);
  return rows.map((row) =>
    toModelVersion(
      row,
      (tags.get(row.version_id) ?? []).map(({ key, value }) => ({ key, value })),
      (aliases.get(row.version_id) ?? []).map((a) => a.alias),
    ),
  );
}

export async function loadModelVersions(db: Db, versionIds: number[]): Promise<ModelVersion[]> {
  const out: ModelVersion[] = [];
  for (const ids of chunked(versionIds)) out.push(...(await loadVersionChunk(db, ids)));
  return out;
}

/** The newest version per (model, stage) for these models. */
async function latestVersionIds(db: Db, modelIds: number[]): Promise<number[]> {
  const latest = db
    .selectFrom('model_versions')
    .select(['model_id', 'current_stage', (eb) => eb.fn.max('version').as('max_version')])
    .where('model_id', 'in', modelIds)
    .groupBy(['model_id', 'current_stage'])
    .as('l');
  const rows = await db
    .selectFrom('model_versions as v')
    .innerJoin(latest, (join) => join.onRef('l.model_id', '=', 'v.model_id').onRef('l.max_version', '=', 'v.version'))
    .select('v.version_id')
    .execute();
  return rows.map((row) => row.version_id);
}

function toRegisteredModel(
  row: Selectable<RegisteredModelsTable>,
  tags: Tag[],
  aliases: ModelAlias[],
  latest: ModelVersion[],
): RegisteredModel {
  const stageOrder = (v: ModelVersion) => MODEL_STAGES.indexOf(v.currentStage);
  return {
    name: row.name,
    creationTime: row.creation_time,
    lastUpdatedTime: row.last_updated_time,
    description: row.description,
    tags,
    aliases,
    latestVersions: [...latest].sort((a, b) => stageOrder(a) - stageOrder(b)),
  };
}

async function loadModelChunk(db: Db, ids: number[]): Promise<RegisteredModel[]> {
  const [rows, tagRows, aliasRows, latestIds] = await Promise.all([
    db.selectFrom('registered_models').selectAll().where('model_id', 'in', ids).execute(),
    db.selectFrom('registered_model_tags').selectAll().where('model_id', 'in', ids).orderBy('key').execute(),
    db.selectFrom('registered_model_aliases').selectAll().where('model_id', 'in', ids).orderBy('alias').execute(),
    latestVersionIds(db, ids),
  ]);
  const latest = groupBy(await loadModelVersions(db, latestIds), (v) => v.name);
  const tags = groupBy(tagRows, (t) => t.model_id);
  const aliases = groupBy(aliasRows, (a) => a.model_id);
  const byId = new Map(
    rows.map((row) => [
      row.model_id,
      toRegisteredModel(
        row,
        (tags.get(row.model_id) ?? []).map(({ key, value }) => ({ key, value })),
        (aliases.get(row.model_id) ?? []).map(({ alias, version }) => ({ alias, version })),
        latest.get(row.name) ?? [],
      ),
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function loadRegisteredModels(db: Db, modelIds: number[]): Promise<RegisteredModel[]> {
  const out: RegisteredModel[] = [];
  for (const ids of chunked(modelIds)) out.push(...(await loadModelChunk(db, ids)));
  return out;
}
