/**
 * Model policies, promotion requests and their votes. A request leaves `pending` through one
 * UPDATE conditioned on `state = 'pending'`: of two replicas that try, one changes a row and
 * the other changes none, so a request is applied, rejected, expired or cancelled exactly once.
 */
import type { Kysely, Selectable } from 'kysely';
import type { PromotionRequestQuery } from '../core/ports/promotion-repository.js';
import type {
  ModelPolicy,
  NewPromotionRequest,
  PromotionDecision,
  PromotionRequest,
  PromotionState,
  PromotionJustification,
  PromotionVote,
} from '../core/promotions/promotion-entities.js';
import { storedRule } from '../core/promotions/policy-document.js';
import { modelIdOf } from './model-id.js';
import type { Database, PromotionRequestsTable } from './schema.js';

type Db = Kysely<Database>;

export async function findModelPolicy(db: Db, modelName: string): Promise<ModelPolicy | undefined> {
  const row = await db
    .selectFrom('promotion_policies as p')
    .innerJoin('registered_models as m', 'm.model_id', 'p.model_id')
    .select(['p.rules', 'p.updated_by', 'p.updated_time'])
    .where('m.name', '=', modelName)
    .executeTakeFirst();
  if (!row) return undefined;
  return { modelName, protectedAliases: (JSON.parse(row.rules) as unknown[]).map(storedRule), updatedBy: row.updated_by, updatedTime: Number(row.updated_time) };
}

export async function putModelPolicy(db: Db, policy: ModelPolicy): Promise<void> {
  const modelId = await modelIdOf(db, policy.modelName);
  if (modelId === undefined) return;
  const values = { rules: JSON.stringify(policy.protectedAliases), updated_by: policy.updatedBy, updated_time: policy.updatedTime };
  await db
    .insertInto('promotion_policies')
    .values({ model_id: modelId, ...values })
    .onConflict((oc) => oc.column('model_id').doUpdateSet(values))
    .execute();
}

export async function deleteModelPolicy(db: Db, modelName: string): Promise<boolean> {
  const modelId = await modelIdOf(db, modelName);
  if (modelId === undefined) return false;
  const result = await db.deleteFrom('promotion_policies').where('model_id', '=', modelId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertPromotionRequest(db: Db, request: NewPromotionRequest): Promise<void> {
  const modelId = await modelIdOf(db, request.modelName);
  if (modelId === undefined) throw new Error(`no registered model ${request.modelName}`);
  await db
    .insertInto('promotion_requests')
    .values({
      request_id: request.requestId,
      model_id: modelId,
      version: request.version,
      alias: request.alias,
      reason: request.reason,
      state: 'pending',
      requested_by: request.requestedBy,
      rule: JSON.stringify(request.rule),
      created_time: request.createdTime,
      expires_time: request.expiresTime,
      decided_time: null,
      rollback_of_version: request.rollbackOfVersion,
    })
    .execute();
}

type RequestRow = Selectable<PromotionRequestsTable> & { model_name: string; justification: string | null };

/** With the justification of the alias move an applied request made (registry history, by request id). */
function selectRequests(db: Db) {
  return db
    .selectFrom('promotion_requests as r')
    .innerJoin('registered_models as m', 'm.model_id', 'r.model_id')
    .leftJoin('registry_history as h', 'h.request_id', 'r.request_id')
    .selectAll('r')
    .select(['m.name as model_name', 'h.justification']);
}

async function withVotes(db: Db, rows: RequestRow[]): Promise<PromotionRequest[]> {
  if (rows.length === 0) return [];
  const votes = await db
    .selectFrom('promotion_votes')
    .selectAll()
    .where('request_id', 'in', rows.map((r) => r.request_id))
    .orderBy('time')
    .orderBy('approver')
    .execute();
  const byRequest = new Map<string, PromotionVote[]>();
  for (const vote of votes) {
    const list = byRequest.get(vote.request_id) ?? [];
    list.push({ approver: vote.approver, decision: vote.decision as PromotionDecision, comment: vote.comment, time: Number(vote.time) });
    byRequest.set(vote.request_id, list);
  }
  return rows.map((row) => ({
    requestId: row.request_id,
    modelName: row.model_name,
    version: Number(row.version),
    alias: row.alias,
    reason: row.reason,
    state: row.state as PromotionState,
    requestedBy: row.requested_by,
    rule: storedRule(JSON.parse(row.rule)),
    createdTime: Number(row.created_time),
    expiresTime: Number(row.expires_time),
    decidedTime: row.decided_time === null ? null : Number(row.decided_time),
    decidedBy: row.decided_by,
    rollbackOfVersion: row.rollback_of_version === null ? null : Number(row.rollback_of_version),
    votes: byRequest.get(row.request_id) ?? [],
    ...(row.justification === null ? {} : { justification: JSON.parse(row.justification) as PromotionJustification }),
  }));
}

export async function findPromotionRequest(db: Db, requestId: string): Promise<PromotionRequest | undefined> {
  const row = await selectRequests(db).where('r.request_id', '=', requestId).executeTakeFirst();
  return row === undefined ? undefined : (await withVotes(db, [row]))[0];
}

export async function listPromotionRequests(db: Db, query: PromotionRequestQuery): Promise<PromotionRequest[]> {
  let select = selectRequests(db);
  if (query.modelName !== undefined) select = select.where('m.name', '=', query.modelName);
  if (query.state !== undefined) select = select.where('r.state', '=', query.state);
  const rows = await select.orderBy('r.created_time', 'desc').orderBy('r.request_id', 'desc').limit(query.maxResults).execute();
  return withVotes(db, rows);
}

export async function listExpiredPromotionRequests(db: Db, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('promotion_requests')
    .select('request_id')
    .where('state', '=', 'pending')
    .where('expires_time', '<=', now)
    .orderBy('expires_time')
    .orderBy('request_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.request_id);
}

export async function addPromotionVote(db: Db, requestId: string, vote: PromotionVote): Promise<boolean> {
  const result = await db
    .insertInto('promotion_votes')
    .values({ request_id: requestId, approver: vote.approver, decision: vote.decision, comment: vote.comment, time: vote.time })
    .onConflict((oc) => oc.columns(['request_id', 'approver']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function closePromotionRequest(db: Db, requestId: string, to: Exclude<PromotionState, 'pending'>, time: number, decidedBy: string): Promise<boolean> {
  const result = await db
    .updateTable('promotion_requests')
    .set({ state: to, decided_time: time, decided_by: decidedBy })
    .where('request_id', '=', requestId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A model's requests and votes go with it when it is deleted (registry-model-queries.ts). */
export async function deleteModelPromotions(db: Db, modelId: number): Promise<void> {
  const requestIds = db.selectFrom('promotion_requests').select('request_id').where('model_id', '=', modelId);
  await db.deleteFrom('promotion_votes').where('request_id', 'in', requestIds).execute();
  await db.deleteFrom('promotion_requests').where('model_id', '=', modelId).execute();
  await db.deleteFrom('promotion_policies').where('model_id', '=', modelId).execute();
}
