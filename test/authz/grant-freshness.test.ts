/**
 * Grants on experiments are cached per replica for at most a second (AuthorizationService's
 * GrantCache): a new grant is seen at once on every replica (the cache only ever allows, and a
 * search naming an experiment missing from a cached readable set reads it again), a revoked one
 * stops working at once on the replica that revoked it and within a second on the others. Two
 * replicas share one PostgreSQL database; the single-replica part runs on SQLite as well.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { testDialects } from '../helpers/test-dialects.js';
import { startAuthzServer, type AuthzServer } from './authz-helpers.js';

const STRATA = '/api/strata/v1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dialects = await testDialects('grant freshness tests');

for (const dialect of dialects) {
  describeOrSkip(`grants cached per replica on ${dialect.name}`, dialect.skip, () => {
    let a: AuthzServer;
    let b: AuthzServer | undefined;
    let experimentId: string;
    let runId: string;

    before(async () => {
      a = await startAuthzServer('none', dialect.uri());
      // PostgreSQL only: the in-memory SQLite database belongs to one process.
      if (dialect.name === 'PostgreSQL') b = await startAuthzServer('none', dialect.uri());
      experimentId = (await a.call('user:alice', 'POST', 'experiments/create', { name: 'fresh-grants' })).json.experiment_id;
      runId = (await a.call('user:alice', 'POST', 'runs/create', { experiment_id: experimentId, start_time: 1 })).json.run.info.run_id;
    });
    after(async () => {
      await b?.server.close();
      await a?.server.close();
      await dialect.drop();
    });

    const grant = (role: string) =>
      a.call('user:alice', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'experiment', resource_key: experimentId, principal_name: 'bob', role });
    const revoke = () => a.call('user:alice', 'POST', `${STRATA}/permissions/revoke`, { resource_type: 'experiment', resource_key: experimentId, principal_name: 'bob' });
    /** What bob sees on a replica: the run (status), whether a search finds it, whether he may log to it (status). */
    const bobOn = async (s: AuthzServer) => {
      const get = await s.call('user:bob', 'GET', 'runs/get', { run_id: runId });
      const search = await s.call('user:bob', 'POST', 'runs/search', { experiment_ids: [experimentId], max_results: 10 });
      const log = await s.call('user:bob', 'POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] });
      return { get: get.status, found: (search.json.runs ?? []).length, log: log.status };
    };
    const replicas = () => [a, ...(b ? [b] : [])];

    it('sees a new grant at once and a revocation at once on the replica that made them', async () => {
      // Bob's checks are cached on every replica first: nothing granted, nothing found.
      for (const s of replicas()) assert.deepEqual(await bobOn(s), { get: 404, found: 0, log: 404 });
      assert.equal((await grant('viewer')).status, 200);
      for (const s of replicas()) assert.deepEqual(await bobOn(s), { get: 200, found: 1, log: 403 });
      // An upgrade is a new grant too: a cached viewer grant never refuses the editor's write.
      assert.equal((await grant('editor')).status, 200);
      for (const s of replicas()) assert.deepEqual(await bobOn(s), { get: 200, found: 1, log: 200 });
      assert.equal((await revoke()).status, 200);
      assert.deepEqual(await bobOn(a), { get: 404, found: 0, log: 404 });
    });

    // PostgreSQL only: an in-memory SQLite database belongs to one process, so there is no second replica.
    const onPostgres = dialect.name === 'SQLite' ? () => undefined : it;
    onPostgres('stops a revoked grant within a second on another replica', async () => {
      assert.equal((await grant('editor')).status, 200);
      assert.deepEqual(await bobOn(b!), { get: 200, found: 1, log: 200 });
      assert.equal((await revoke()).status, 200);
      await sleep(1_050);
      assert.deepEqual(await bobOn(b!), { get: 404, found: 0, log: 404 });
    });
  });
}
