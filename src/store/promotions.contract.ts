/**
 * Protected-alias policies and promotion requests on every MetadataStore (run by
 * promotions.test.ts): a policy per model (replaced whole, following a rename, gone with the
 * model), requests found and listed by model and state, one vote per approver, a request
 * leaving `pending` exactly once — also when several transactions race on it — and the
 * registry history row that records which request moved an alias.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { ModelPolicy, NewPromotionRequest, ProtectedAliasRule } from '../core/promotions/promotion-entities.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;

const RULE: ProtectedAliasRule = {
  alias: 'production', auto: false, approvals: 2, approvers: { users: ['alice'], groups: ['risk'] }, allowSelfApproval: false,
  expiryMs: 3_600_000, conditions: { gates: ['offline-eval'], datasetLogged: true, gitCommit: false },
};

export function runPromotionsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Promotions contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createModel = async (versions = 2) => {
      counter += 1;
      const model = `fraud-${counter}`;
      await store.createRegisteredModel({ name: model, description: null, tags: [], creationTime: 1 });
      for (let i = 0; i < versions; i += 1) {
        await store.createModelVersion({
          modelName: model, source: 's3://b/m', storageLocation: 's3://b/m', runId: null, runLink: null, description: null, userId: null, status: 'READY', tags: [], creationTime: 2,
        });
      }
      return model;
    };
    const policy = (model: string, rules: ProtectedAliasRule[] = [RULE], time = 10): ModelPolicy => ({ modelName: model, protectedAliases: rules, updatedBy: 'root', updatedTime: time });
    const request = (model: string, createdTime = 100, overrides: Partial<NewPromotionRequest> = {}): NewPromotionRequest => {
      counter += 1;
      return {
        requestId: `req${String(counter).padStart(6, '0')}`, modelName: model, version: 1, alias: 'production', reason: 'better recall',
        requestedBy: 'bob', rule: RULE, createdTime, expiresTime: createdTime + RULE.expiryMs, rollbackOfVersion: null, ...overrides,
      };
    };

    it('stores a policy per model, replaces it whole, follows a rename and deletes it', async () => {
      const model = await createModel();
      assert.equal(await store.findModelPolicy(model), undefined);
      await store.putModelPolicy(policy(model));
      assert.deepEqual(await store.findModelPolicy(model), policy(model));
      const staging = { ...RULE, alias: 'staging', approvals: 1, conditions: { gates: [], datasetLogged: false, gitCommit: true } };
      await store.putModelPolicy(policy(model, [staging], 20));
      assert.deepEqual(await store.findModelPolicy(model), policy(model, [staging], 20));
      await store.renameRegisteredModel(model, `${model}-renamed`, 30);
      assert.deepEqual((await store.findModelPolicy(`${model}-renamed`))?.protectedAliases, [staging]);
      assert.equal(await store.findModelPolicy(model), undefined);
      assert.equal(await store.deleteModelPolicy(`${model}-renamed`), true);
      assert.equal(await store.deleteModelPolicy(`${model}-renamed`), false);
      await store.putModelPolicy(policy('no-such-model'));
      assert.equal(await store.findModelPolicy('no-such-model'), undefined);
    });

    it('finds requests by id and lists them newest first, by model and by state', async () => {
      const model = await createModel();
      const other = await createModel();
      const first = request(model, 100);
      const second = request(model, 200, { version: 2 });
      const elsewhere = request(other, 300);
      for (const r of [first, second, elsewhere]) await store.insertPromotionRequest(r);
      assert.deepEqual(await store.findPromotionRequest(first.requestId), { ...first, state: 'pending', decidedTime: null, decidedBy: null, votes: [] });
      assert.equal(await store.findPromotionRequest('nope'), undefined);
      assert.deepEqual((await store.listPromotionRequests({ modelName: model, maxResults: 10 })).map((r) => r.requestId), [second.requestId, first.requestId]);
      assert.deepEqual((await store.listPromotionRequests({ modelName: model, maxResults: 1 })).map((r) => r.requestId), [second.requestId]);
      await store.closePromotionRequest(first.requestId, 'cancelled', 150, 'bob');
      assert.deepEqual((await store.listPromotionRequests({ modelName: model, state: 'pending', maxResults: 10 })).map((r) => r.requestId), [second.requestId]);
      const cancelled = await store.findPromotionRequest(first.requestId);
      assert.equal(cancelled?.state, 'cancelled');
      assert.equal(cancelled?.decidedTime, 150);
      assert.equal(cancelled?.decidedBy, 'bob');
    });

    it('keeps one vote per approver, oldest first', async () => {
      const model = await createModel();
      const r = request(model);
      await store.insertPromotionRequest(r);
      assert.equal(await store.addPromotionVote(r.requestId, { approver: 'alice', decision: 'approve', comment: 'ok', time: 110 }), true);
      assert.equal(await store.addPromotionVote(r.requestId, { approver: 'alice', decision: 'reject', comment: 'again', time: 120 }), false);
      assert.equal(await store.addPromotionVote(r.requestId, { approver: 'carol', decision: 'approve', comment: '', time: 115 }), true);
      assert.deepEqual((await store.findPromotionRequest(r.requestId))?.votes, [
        { approver: 'alice', decision: 'approve', comment: 'ok', time: 110 },
        { approver: 'carol', decision: 'approve', comment: '', time: 115 },
      ]);
    });

    it('moves a request out of pending exactly once, also when transactions race', async () => {
      const model = await createModel();
      const r = request(model);
      await store.insertPromotionRequest(r);
      const outcomes = await Promise.all(
        (['approved', 'rejected', 'expired', 'cancelled', 'approved', 'approved'] as const).map((to, i) =>
          store.transaction(async (tx) => {
            await tx.lockRegisteredModel(model);
            return tx.closePromotionRequest(r.requestId, to, 200 + i, `racer-${i}`);
          }),
        ),
      );
      assert.equal(outcomes.filter(Boolean).length, 1);
      assert.equal(await store.closePromotionRequest(r.requestId, 'approved', 300, 'late'), false);
    });

    it('lists pending requests due to expire, oldest expiry first', async () => {
      const model = await createModel();
      const late = request(model, 500);
      const early = request(model, 100);
      const decided = request(model, 50);
      for (const r of [late, early, decided]) await store.insertPromotionRequest(r);
      await store.closePromotionRequest(decided.requestId, 'rejected', 60, 'alice');
      assert.deepEqual(await store.listExpiredPromotionRequests(early.expiresTime - 1, 10), []);
      assert.deepEqual(await store.listExpiredPromotionRequests(late.expiresTime, 10), [early.requestId, late.requestId]);
      assert.deepEqual(await store.listExpiredPromotionRequests(late.expiresTime, 1), [early.requestId]);
    });

    it('records the request that moved an alias in the registry history', async () => {
      const model = await createModel();
      await store.appendRegistryHistory({ modelName: model, version: 1, kind: 'alias_set', alias: 'production', stage: null, previousVersion: null, previousStage: null, actor: 'alice', time: 10, requestId: 'req-1' });
      await store.appendRegistryHistory({ modelName: model, version: 2, kind: 'alias_moved', alias: 'production', stage: null, previousVersion: 1, previousStage: null, actor: 'bob', time: 20 });
      const history = await store.listRegistryHistory({ modelName: model, alias: 'production' });
      assert.deepEqual(history.map((e) => e.requestId), ['req-1', undefined]);
    });

    it('keeps a move\'s justification in the registry history, and an applied request answers it', async () => {
      const model = await createModel();
      const r = request(model, 100, { rollbackOfVersion: 2 });
      await store.insertPromotionRequest(r);
      const justification = {
        commit: 'abc123', datasets: [{ name: 'tx', digest: 'd1', context: 'training' }], gates: [{ gate: 'offline-eval', resultId: null, status: 'passed' as const }],
        approvers: [{ approver: 'alice', comment: 'ok', time: 110 }], requestId: r.requestId, reason: 'better recall', rollbackOfVersion: 2,
      };
      await store.appendRegistryHistory({
        modelName: model, version: 1, kind: 'alias_set', alias: 'production', stage: null, previousVersion: null, previousStage: null, actor: 'alice', time: 120,
        requestId: r.requestId, justification,
      });
      await store.appendRegistryHistory({ modelName: model, version: 2, kind: 'alias_moved', alias: 'production', stage: null, previousVersion: 1, previousStage: null, actor: 'bob', time: 130 });
      const history = await store.listRegistryHistory({ modelName: model, alias: 'production' });
      assert.deepEqual(history.map((e) => e.justification), [justification, undefined]);
      const found = await store.findPromotionRequest(r.requestId);
      assert.deepEqual(found?.justification, justification);
      assert.equal(found?.rollbackOfVersion, 2);
    });

    it('deletes a model’s policy, requests and votes with the model', async () => {
      const model = await createModel();
      await store.putModelPolicy(policy(model));
      const r = request(model);
      await store.insertPromotionRequest(r);
      await store.addPromotionVote(r.requestId, { approver: 'alice', decision: 'approve', comment: '', time: 1 });
      await store.deleteRegisteredModel(model);
      assert.equal(await store.findPromotionRequest(r.requestId), undefined);
      await store.createRegisteredModel({ name: model, description: null, tags: [], creationTime: 3 });
      assert.equal(await store.findModelPolicy(model), undefined);
      assert.deepEqual(await store.listPromotionRequests({ modelName: model, maxResults: 10 }), []);
    });
  });
}
