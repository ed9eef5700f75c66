/**
 * The promotion entry point over HTTP (POST /api/strata/v1/promotions/promote), on SQLite and
 * PostgreSQL: an unprotected alias moves at once; a protected one gets a request; an auto rule
 * whose gates passed moves at once (a request closed `approved` by policy:auto), and one with a
 * gate unmet is refused naming every reason; rollback moves an alias back to its previous holder
 * (directly, or by a request), and says clearly when there is none; every move's justification
 * (commit, datasets, gates, approvers, reason) is in the alias history and the request's answer.
 * Gates are recorded results of the server's own evaluation (POST /api/strata/v1/gates/evaluate).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient, isStrataApiError } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { asAdmin, asUser, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { createExperimentAndRun, startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('promote flow tests');
const V1 = '/api/strata/v1';
const ALICE = asUser('alice');
const BOB = asUser('bob');
const ROOT = asAdmin('root');
const COMMIT = '4f2a9c81d0e5b7a3c6f1e2d3b4a5968778695a4b';

for (const dialect of dialects) {
  describeOrSkip(`promote flow on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let counter = 0;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const ok = (response: ApiResponse) => {
      assert.equal(response.status, 200, response.text);
      return response.json;
    };
    const promote = (body: Record<string, unknown>, who: Record<string, string> = BOB) => server.post(`${V1}/promotions/promote`, body, who);
    const aliasOf = async (name: string, alias: string) => {
      const response = await server.get('registered-models/alias', { name, alias });
      return response.status === 200 ? Number(response.json.model_version.version) : undefined;
    };
    const history = async (name: string, alias: string) => ok(await server.get(`${V1}/registered-models/alias-history`, { name, alias })).events;

    /** A model whose versions come from runs with a git commit and a training dataset (unless `bare`). */
    async function model(versions: number, options: { policy?: Record<string, unknown>; bare?: boolean } = {}): Promise<string> {
      counter += 1;
      const name = `fraud-flow-${counter}`;
      ok(await server.post('registered-models/create', { name }));
      for (let i = 0; i < versions; i += 1) {
        const { runId } = await createExperimentAndRun(server);
        ok(await server.post('runs/log-metric', { run_id: runId, key: 'auc', value: 0.95, timestamp: Date.now(), step: 0 }));
        if (!options.bare) {
          ok(await server.post('runs/set-tag', { run_id: runId, key: 'mlflow.source.git.commit', value: COMMIT }));
          ok(await server.post('runs/log-inputs', {
            run_id: runId,
            datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'transactions', digest: `d${i}`, source_type: 'local', source: 'data/tx.csv' } }],
          }));
        }
        ok(await server.post('model-versions/create', { name, source: `runs:/${runId}/model`, run_id: runId }));
      }
      if (options.policy) ok(await server.post(`${V1}/models/policy`, { name, protected_aliases: options.policy }, ROOT));
      return name;
    }
    const deleteVersion = async (name: string, version: number) =>
      ok(await toApiResponse(await fetch(`${server.url}/api/2.0/mlflow/model-versions/delete`, {
        method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, version: String(version) }),
      })));
    /** Evaluates gate `gate` (auc ≥ threshold; every version's run logged 0.95) on the server; returns the recorded result's id. */
    const runGate = async (name: string, version: number, gate: string, threshold = 0.9, status = 'passed'): Promise<string> => {
      const spec = `name: ${gate}\nrules:\n  - metrics.auc >= ${threshold}\n`;
      const { result } = ok(await server.post(`${V1}/gates/evaluate`, { spec, model_uri: `models:/${name}/${version}` }, BOB));
      assert.equal(result.status, status);
      return result.result_id as string;
    };

    it('moves an unprotected alias directly, with a default reason and the source run\'s commit and datasets as justification', async () => {
      const name = await model(2);
      const first = ok(await promote({ name, version: 1, alias: 'champion' }));
      assert.equal(first.outcome, 'moved');
      assert.equal(first.previous_version, undefined);
      assert.equal(first.request, undefined);
      assert.deepEqual(first.justification, {
        commit: COMMIT, datasets: [{ name: 'transactions', digest: 'd0', context: 'training' }], gates: [], approvers: [], request_id: null,
        reason: 'direct move (the alias is not protected)',
      });
      const second = ok(await promote({ name, version: '2', alias: 'champion', reason: 'better recall' }));
      assert.deepEqual([second.outcome, second.version, second.previous_version, second.justification.reason], ['moved', '2', '1', 'better recall']);
      assert.equal(await aliasOf(name, 'champion'), 2);
      const events = await history(name, 'champion');
      assert.deepEqual(events.map((e: { kind: string; actor: string }) => [e.kind, e.actor]), [['alias_set', 'bob'], ['alias_moved', 'bob']]);
      assert.deepEqual(events[1].justification, second.justification);
      const again = await promote({ name, version: 2, alias: 'champion' });
      assert.equal(again.status, 409);
      assert.match(again.json.message, new RegExp(`${name}@champion already points to version 2: there is nothing to promote`));
      const missing = await promote({ name, alias: 'champion' });
      assert.equal(missing.status, 400);
      assert.match(missing.json.message, /needs a version \(or rollback: true/);
    });

    it('opens a request for a protected alias (a reason required), and the approval records who approved in the justification', async () => {
      const name = await model(1, { policy: { production: { approvals: 1, approvers: { users: ['alice'] }, conditions: { git_commit: true, dataset_logged: true } } } });
      const noReason = await promote({ name, version: 1, alias: 'production' });
      assert.equal(noReason.status, 400);
      assert.match(noReason.json.message, /needs a reason: its approvers read it/);
      const requested = ok(await promote({ name, version: 1, alias: 'production', reason: 'recall +3% on the holdout' }));
      assert.equal(requested.outcome, 'requested');
      assert.equal(requested.justification, undefined);
      assert.equal(requested.request.state, 'pending');
      assert.equal(await aliasOf(name, 'production'), undefined, 'nothing moved yet');
      const applied = ok(await server.post(`${V1}/promotions/approve`, { request_id: requested.request.request_id, comment: 'checked the holdout' }, ALICE)).request;
      assert.equal(applied.state, 'approved');
      assert.equal(applied.decided_by, 'alice');
      assert.equal(applied.justification.commit, COMMIT);
      assert.deepEqual(applied.justification.datasets, [{ name: 'transactions', digest: 'd0', context: 'training' }]);
      assert.deepEqual(applied.justification.approvers.map((a: { approver: string; comment: string }) => [a.approver, a.comment]), [['alice', 'checked the holdout']]);
      assert.equal(applied.justification.request_id, requested.request.request_id);
      assert.equal(applied.justification.reason, 'recall +3% on the holdout');
      const [event] = await history(name, 'production');
      assert.deepEqual(event.justification, applied.justification);
      assert.deepEqual(ok(await server.get(`${V1}/promotions/get`, { request_id: applied.request_id })).request.justification, applied.justification);
    });

    it('applies an auto rule at once when every gate passed: a request closed approved by policy:auto, the gates in the justification', async () => {
      const policy = { production: { auto: true, conditions: { gates: ['offline-eval', 'fairness'], git_commit: true } } };
      const name = await model(1, { policy });
      const offline = await runGate(name, 1, 'offline-eval');
      const fairness = await runGate(name, 1, 'fairness', 0.8);
      const answer = ok(await promote({ name, version: 1, alias: 'production' }));
      assert.equal(answer.outcome, 'auto_approved');
      assert.equal(await aliasOf(name, 'production'), 1);
      assert.equal(answer.request.state, 'approved');
      assert.equal(answer.request.decided_by, 'policy:auto');
      assert.equal(answer.request.requested_by, 'bob');
      assert.deepEqual(answer.justification.gates, [
        { gate: 'offline-eval', result_id: offline, status: 'passed' },
        { gate: 'fairness', result_id: fairness, status: 'passed' },
      ]);
      assert.deepEqual(answer.justification.approvers, []);
      assert.equal(answer.justification.commit, COMMIT);
      assert.equal(answer.justification.reason, 'applied by the policy: every condition held');
      const [event] = await history(name, 'production');
      assert.equal(event.actor, 'policy:auto');
      assert.equal(event.request_id, answer.request.request_id);
      assert.deepEqual(event.justification, answer.justification);
      const shown = ok(await server.get(`${V1}/models/policy`, { name })).policy.protected_aliases.production;
      assert.deepEqual(shown, { auto: true, approvals: 0, approvers: { users: [], groups: [] }, allow_self_approval: false, expiry: '72h', conditions: { gates: ['offline-eval', 'fairness'], dataset_logged: false, git_commit: true } });
    });

    it('refuses an auto promotion with a gate unmet, naming every unmet condition, and stores nothing', async () => {
      const name = await model(1, { bare: true, policy: { production: { auto: true, conditions: { gates: ['offline-eval', 'fairness'], git_commit: true } } } });
      ok(await server.post('model-versions/set-tag', { name, version: '1', key: 'strata.gate.fairness', value: 'passed' }));
      await runGate(name, 1, 'offline-eval', 0.99, 'failed');
      const refused = await promote({ name, version: 1, alias: 'production', reason: 'ship it' });
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json.error_code, 'INVALID_STATE');
      assert.match(refused.json.message, /Cannot promote automatically: the policy of .*@production requires conditions version 1 does not meet/);
      assert.match(refused.json.message, /gate 'offline-eval' failed on version 1 \(result \w+/);
      assert.match(refused.json.message, /gate 'fairness' has never run on version 1/, 'a tag passes no gate');
      assert.match(refused.json.message, /git_commit: source run \w+ has no mlflow\.source\.git\.commit tag/);
      assert.equal(await aliasOf(name, 'production'), undefined);
      assert.deepEqual(ok(await server.get(`${V1}/promotions`, { model: name })).requests, []);
    });

    it('validates auto rules: approvals 0 only with auto, an auto rule needs a gate and takes no approvers', async () => {
      const name = await model(1);
      const bad = await server.post(`${V1}/models/policy`, {
        name, protected_aliases: { production: { auto: true, approvals: 2, approvers: { users: ['alice'] } }, staging: { approvals: 0, approvers: { users: ['alice'] } } },
      }, ROOT);
      assert.equal(bad.status, 400);
      for (const expected of [
        'protected_aliases.production.approvals: must be 0 (or left out) with auto: true',
        'protected_aliases.production.approvers: an auto rule takes no approvers',
        'protected_aliases.production.conditions.gates: auto: true needs at least one gate',
        'protected_aliases.staging.approvals: must be a whole number from 1 to 500, got 0 (0 only with auto: true)',
      ]) assert.ok(bad.json.message.includes(expected), `${expected} in ${bad.json.message}`);
      const legacy = ok(await server.post(`${V1}/models/policy`, { name, protected_aliases: { production: { approvals: 1, approvers: { users: ['alice'] }, conditions: { gate: 'offline-eval' } } } }, ROOT));
      assert.deepEqual(legacy.policy.protected_aliases.production.conditions.gates, ['offline-eval'], 'gate: a reads as gates: [a]');
    });

    it('rolls an unprotected alias back to its previous holder, skipping deleted versions, and back again', async () => {
      const name = await model(3);
      for (const version of [1, 2, 3]) ok(await promote({ name, version, alias: 'champion' }));
      await deleteVersion(name, 2);
      const back = ok(await promote({ name, alias: 'champion', rollback: true }));
      assert.deepEqual([back.outcome, back.version, back.previous_version, back.rollback_of_version], ['moved', '1', '3', '3']);
      assert.equal(back.justification.rollback_of_version, '3');
      assert.equal(back.justification.reason, 'roll back from version 3');
      assert.equal(await aliasOf(name, 'champion'), 1);
      const forth = ok(await promote({ name, alias: 'champion', rollback: true, reason: 'the fix is in' }));
      assert.deepEqual([forth.version, forth.rollback_of_version, forth.justification.reason], ['3', '1', 'the fix is in']);
      const both = await promote({ name, alias: 'champion', version: 1, rollback: true });
      assert.equal(both.status, 400);
      assert.match(both.json.message, /Give a version or rollback: true, not both/);
    });

    it('rolls a protected alias back through a request that approvers approve', async () => {
      const name = await model(2, { policy: { production: { approvals: 1, approvers: { users: ['alice'] } } } });
      for (const version of [1, 2]) {
        const made = ok(await promote({ name, version, alias: 'production', reason: `ship v${version}` }));
        ok(await server.post(`${V1}/promotions/approve`, { request_id: made.request.request_id }, ALICE));
      }
      const rollback = ok(await promote({ name, alias: 'production', rollback: true }));
      assert.equal(rollback.outcome, 'requested');
      assert.deepEqual([rollback.version, rollback.rollback_of_version, rollback.request.rollback_of_version, rollback.request.reason], ['1', '2', '2', 'roll back from version 2']);
      assert.equal(await aliasOf(name, 'production'), 2, 'not before approval');
      const applied = ok(await server.post(`${V1}/promotions/approve`, { request_id: rollback.request.request_id }, ALICE)).request;
      assert.equal(applied.state, 'approved');
      assert.equal(applied.justification.rollback_of_version, '2');
      assert.equal(await aliasOf(name, 'production'), 1);
    });

    it('works the same from the SDK: promotions.promote and promotions.rollback', async () => {
      const name = await model(2);
      const client = createClient({ trackingUri: server.url, username: 'bob', password: 'x' });
      const moved = await client.promotions.promote({ name, version: 1, alias: 'champion', reason: 'first' });
      assert.deepEqual([moved.outcome, moved.version, moved.justification?.reason], ['moved', '1', 'first']);
      await client.promotions.promote({ name, version: 2, alias: 'champion' });
      const back = await client.promotions.rollback(name, 'champion', 'too slow');
      assert.deepEqual([back.outcome, back.version, back.rollback_of_version, back.justification?.reason], ['moved', '1', '2', 'too slow']);
      await assert.rejects(client.promotions.promote({ name, version: 1, alias: 'champion' }), (error: unknown) => {
        assert.ok(isStrataApiError(error) && error.errorCode === 'INVALID_STATE' && /already points to version 1/.test(error.message), String(error));
        return true;
      });
    });

    it('says clearly when there is nothing to roll back to: never set, never moved, previous holder deleted', async () => {
      const name = await model(2);
      const never = await promote({ name, alias: 'champion', rollback: true });
      assert.equal(never.status, 409);
      assert.match(never.json.message, /Alias 'champion' of registered model '.*' has never been set: there is nothing to roll back/);
      ok(await promote({ name, version: 1, alias: 'champion' }));
      const once = await promote({ name, alias: 'champion', rollback: true });
      assert.equal(once.status, 409);
      assert.match(once.json.message, /@champion has pointed to no version other than 1 \(the alias never moved\): there is no previous holder to roll back to/);
      ok(await promote({ name, version: 2, alias: 'champion' }));
      await deleteVersion(name, 1);
      const deleted = await promote({ name, alias: 'champion', rollback: true });
      assert.equal(deleted.status, 409);
      assert.match(deleted.json.message, /every previous holder \(version 1\) has been deleted since; there is no version to roll back to/);
      assert.equal(await aliasOf(name, 'champion'), 2);
    });

    it('needs the role a direct alias set needs (editor of the model)', async () => {
      const viewer = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'viewer' }, { authenticator: FAKE_AUTHENTICATOR });
      try {
        const name = `viewer-only-${counter += 1}`;
        ok(await viewer.post('registered-models/create', { name }, ROOT));
        ok(await viewer.post('model-versions/create', { name, source: 's3://models/x' }, ROOT));
        const refused = await viewer.post(`${V1}/promotions/promote`, { name, version: 1, alias: 'champion' }, BOB);
        assert.equal(refused.status, 403, refused.text);
        assert.equal(ok(await viewer.post(`${V1}/promotions/promote`, { name, version: 1, alias: 'champion' }, ROOT)).outcome, 'moved');
      } finally {
        await viewer.close();
      }
    });
  });
}
