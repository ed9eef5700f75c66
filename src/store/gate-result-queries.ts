/**
 * Gate results (migration 0015). Rows name their model by id (joined back to its current name),
 * so results follow a rename; "newest" is (created_time, seq) descending, so two results recorded
 * in the same millisecond still have an order. Rule values may be NaN or infinite: JSON has no
 * such numbers, so they are stored as {"nonfinite": "NaN"} objects and revived on read.
 */
import type { Kysely, Selectable } from 'kysely';
import type { GateChampion, GateResult, GateRuleResult, GateStatus } from '../core/gates/gate-entities.js';
import type { GateResultQuery } from '../core/ports/gate-repository.js';
import { modelIdOf } from './model-id.js';
import type { Database, GateResultsTable } from './schema.js';

type Db = Kysely<Database>;
type Row = Selectable<GateResultsTable> & { model_name: string | null };

const NONFINITE = 'nonfinite';

function encodeNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { [NONFINITE]: String(value) } : value;
}

function reviveNumbers(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const text = (value as Record<string, unknown>)[NONFINITE];
    if (keys.length === 1 && typeof text === 'string') return Number(text);
  }
  return value;
}

export async function insertGateResult(db: Db, result: GateResult): Promise<void> {
  const modelId = result.modelName === null ? null : await modelIdOf(db, result.modelName);
  if (modelId === undefined) throw new Error(`no registered model ${result.modelName}`);
  await db
    .insertInto('gate_results')
    .values({
      result_id: result.resultId,
      gate: result.gate,
      spec_hash: result.specHash,
      spec_text: result.specText,
      status: result.status,
      run_id: result.runId,
      model_id: modelId,
      version: result.version,
      champion: result.champion === null ? null : JSON.stringify(result.champion),
      rules: JSON.stringify(result.rules, encodeNumbers),
      ran_by: result.ranBy,
      ci_job_url: result.ciJobUrl,
      ci: JSON.stringify(result.ci),
      created_time: result.createdTime,
    })
    .execute();
}

function selectResults(db: Db) {
  return db
    .selectFrom('gate_results as g')
    .leftJoin('registered_models as m', 'm.model_id', 'g.model_id')
    .selectAll('g')
    .select('m.name as model_name');
}

function toResult(row: Row): GateResult {
  const champion = row.champion === null ? null : (JSON.parse(row.champion) as GateChampion);
  return {
    resultId: row.result_id,
    gate: row.gate,
    specHash: row.spec_hash,
    specText: row.spec_text,
    status: row.status as GateStatus,
    runId: row.run_id,
    modelName: row.model_name,
    version: row.version === null ? null : Number(row.version),
    // The champion is an alias of the result's own model: it carries that model's current name.
    champion: champion === null ? null : { ...champion, modelName: row.model_name ?? champion.modelName },
    rules: JSON.parse(row.rules, reviveNumbers) as GateRuleResult[],
    ranBy: row.ran_by,
    ciJobUrl: row.ci_job_url,
    ci: JSON.parse(row.ci) as Record<string, string>,
    createdTime: Number(row.created_time),
  };
}

export async function findGateResult(db: Db, resultId: string): Promise<GateResult | undefined> {
  const row = await selectResults(db).where('g.result_id', '=', resultId).executeTakeFirst();
  return row === undefined ? undefined : toResult(row);
}

export async function listGateResults(db: Db, query: GateResultQuery): Promise<GateResult[]> {
  let select = selectResults(db);
  if (query.runId !== undefined) select = select.where('g.run_id', '=', query.runId);
  if (query.modelName !== undefined) {
    const modelId = await modelIdOf(db, query.modelName);
    if (modelId === undefined) return [];
    select = select.where('g.model_id', '=', modelId);
  }
  if (query.version !== undefined) select = select.where('g.version', '=', query.version);
  if (query.gate !== undefined) select = select.where('g.gate', '=', query.gate);
  const rows = await select.orderBy('g.created_time', 'desc').orderBy('g.seq', 'desc').limit(query.maxResults).execute();
  return rows.map(toResult);
}

/** A model's results go with it, in its delete's transaction (registry-model-queries.ts). */
export async function deleteModelGateResults(db: Db, modelId: number): Promise<void> {
  await db.deleteFrom('gate_results').where('model_id', '=', modelId).execute();
}
