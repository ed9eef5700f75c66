/**
 * The audit log over HTTP, on SQLite and (when one answers) PostgreSQL: one event per
 * mutation, rolled back with it, and who asked: `anonymous` with the claimed name beside it.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('audit log tests');

const basic = (user: string, password = 'secret') => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

interface AuditEventBody {
  event_id: number;
  time: number;
  action: string;
  actor: string;
  actor_claimed?: string;
  entity_type: string;
  entity_id: string;
  summary: object;
}

for (const dialect of dialects) {
  describeOrSkip(`audit log on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    async function events(query: Record<string, string> = {}) {
      const res = await server.get('/api/strata/v1/audit', query);
      assert.equal(res.status, 200, res.text);
      return res.json.events as AuditEventBody[];
    }

    it('records one event per mutation, with the Basic-auth user as the claimed actor', async () => {
      const exp = (await server.post('experiments/create', { name: 'audited' }, basic('alice'))).json.experiment_id;
      const run = (await server.post('runs/create', { experiment_id: exp }, basic('alice'))).json.run.info.run_id;
      const calls: Array<[string, object]> = [
        ['runs/log-parameter', { run_id: run, key: 'p', value: '1' }],
        ['runs/log-metric', { run_id: run, key: 'm', value: 1, timestamp: 1 }],
        ['runs/log-batch', { run_id: run, metrics: [{ key: 'm', value: 2, timestamp: 2 }] }],
        ['runs/set-tag', { run_id: run, key: 't', value: 'v' }],
        ['runs/delete-tag', { run_id: run, key: 't' }],
        ['runs/update', { run_id: run, status: 'FINISHED' }],
        ['runs/log-inputs', { run_id: run, datasets: [{ dataset: { name: 'd', digest: '1', source_type: 'local', source: 's' } }] }],
        ['runs/delete', { run_id: run }],
        ['runs/restore', { run_id: run }],
        ['experiments/set-experiment-tag', { experiment_id: exp, key: 'k', value: 'v' }],
        ['experiments/delete-experiment-tag', { experiment_id: exp, key: 'k' }],
        ['experiments/update', { experiment_id: exp, new_name: 'audited-2' }],
        ['experiments/delete', { experiment_id: exp }],
        ['experiments/restore', { experiment_id: exp }],
      ];
      for (const [path, body] of calls) {
        const res = await server.post(path, body, basic('bob'));
        assert.equal(res.status, 200, `${path}: ${res.text}`);
      }
      const forRun = await events({ entity_type: 'run', entity_id: run });
      assert.deepEqual(
        forRun.map((e) => e.action).reverse(),
        [
          'run.create',
          'run.log_param',
          'metric.log',
          'metric.log_batch',
          'run.set_tag',
          'run.delete_tag',
          'run.update',
          'run.log_inputs',
          'run.delete',
          'run.restore',
        ],
      );
      assert.deepEqual([forRun.at(-1)?.actor, forRun.at(-1)?.actor_claimed], ['anonymous', 'alice']);
      assert.deepEqual([forRun[0]?.actor, forRun[0]?.actor_claimed], ['anonymous', 'bob']);
      const forExperiment = await events({ entity_type: 'experiment', entity_id: exp });
      assert.deepEqual(
        forExperiment.map((e) => e.action).reverse(),
        [
          'experiment.create',
          'experiment.set_tag',
          'experiment.delete_tag',
          'experiment.rename',
          'experiment.delete',
          'experiment.restore',
        ],
      );
      const anonymous = (await server.post('experiments/create', { name: 'anon' })).json.experiment_id;
      const [anonEvent] = await events({ entity_id: anonymous, entity_type: 'experiment' });
      assert.equal(anonEvent?.actor, 'anonymous');
      assert.equal(anonEvent !== undefined && 'actor_claimed' in anonEvent, false);
      const byAlice = await events({ actor: 'alice' });
      assert.equal(byAlice.length, 2);
      assert.ok(byAlice.every((e) => e.actor === 'anonymous' && e.actor_claimed === 'alice'));
      assert.ok((await events({ action: 'metric.log' })).every((e) => e.action === 'metric.log'));
    });

    it('never records an unchecked Basic user name as the actor (-u admin:wrong is not admin)', async () => {
      const exp = (await server.post('experiments/create', { name: `claimed-${dialect.name}` }, basic('admin', 'wrong'))).json.experiment_id;
      const [created] = await events({ entity_type: 'experiment', entity_id: exp });
      assert.equal(created?.actor, 'anonymous');
      assert.equal(created?.actor_claimed, 'admin');
      assert.ok((await events({ actor: 'admin' })).some((e) => e.entity_id === exp), 'found by the claimed name');
    });

    it('stores claimed names with control and bidi characters replaced, and none for Bearer tokens', async () => {
      const exp = (await server.post('experiments/create', { name: `sanitized-${dialect.name}` })).json.experiment_id;
      await server.post('experiments/set-experiment-tag', { experiment_id: exp, key: 'a', value: '1' }, basic('eve\r\n\u202Enimda'));
      await server.post('experiments/set-experiment-tag', { experiment_id: exp, key: 'b', value: '1' }, basic('x'.repeat(1000)));
      await server.post('experiments/set-experiment-tag', { experiment_id: exp, key: 'c', value: '1' }, { authorization: 'Bearer abc.def' });
      const [bearer, long, control] = await events({ entity_type: 'experiment', entity_id: exp, action: 'experiment.set_tag' });
      assert.equal(control?.actor_claimed, 'eve\uFFFD\uFFFD\uFFFDnimda');
      assert.equal(long?.actor_claimed, `${'x'.repeat(255)}…`);
      assert.equal(bearer?.actor, 'anonymous');
      assert.equal(bearer !== undefined && 'actor_claimed' in bearer, false);
    });

    it('writes nothing when the mutation fails (rolled back together)', async () => {
      const exp = (await server.post('experiments/create', { name: 'rollback' })).json.experiment_id;
      const run = (await server.post('runs/create', { experiment_id: exp })).json.run.info.run_id;
      await server.post('runs/log-parameter', { run_id: run, key: 'p', value: '1' });
      const before = await events({ entity_id: run });
      const failures = [
        server.post('runs/log-parameter', { run_id: run, key: 'p', value: '2' }),
        server.post('runs/log-batch', {
          run_id: run,
          metrics: [{ key: 'ok', value: 1, timestamp: 1 }],
          params: [{ key: 'p', value: '3' }],
        }),
        server.post('runs/delete-tag', { run_id: run, key: 'absent' }),
        server.post('runs/log-metric', { run_id: run, key: 'bad!', value: 1, timestamp: 1 }),
      ];
      for (const res of await Promise.all(failures)) assert.equal(res.status >= 400, true);
      assert.deepEqual(await events({ entity_id: run }), before);
      // The failed batch's metric was not written either.
      const history = await server.get('metrics/get-history', { run_id: run, metric_key: 'ok' });
      assert.deepEqual(history.json, {});
    });

    it('pages and filters by time', async () => {
      const first = await server.get('/api/strata/v1/audit', { max_results: '2' });
      assert.equal(first.json.events.length, 2);
      assert.ok(first.json.next_page_token);
      const second = await server.get('/api/strata/v1/audit', { max_results: '2', page_token: first.json.next_page_token });
      assert.ok(second.json.events[0].event_id < first.json.events[1].event_id);
      const future = await events({ since: String(Date.now() + 60 * 60 * 1000) });
      assert.deepEqual(future, []);
      const bad = await server.get('/api/strata/v1/audit', { max_results: '0' });
      assert.equal(bad.status, 400);
    });
    it('sends summaries with snake_case fields, like the rest of the wire', async () => {
      const exp = (await server.post('experiments/create', { name: 'audited-summary' })).json.experiment_id;
      const run = (await server.post('runs/create', { experiment_id: exp, run_name: 'r1' })).json.run.info.run_id;
      await server.post('runs/update', { run_id: run, status: 'FINISHED', end_time: 5 });
      const [updated, created] = await events({ entity_type: 'run', entity_id: run });
      assert.deepEqual(created?.summary, { experiment_id: exp, run_name: 'r1' });
      assert.deepEqual(updated?.summary, { status: 'FINISHED', end_time: 5 });
    });

    it('takes since and until as ISO 8601 as well as epoch milliseconds', async () => {
      const all = await events({ max_results: '1000' });
      const pivot = all[Math.floor(all.length / 2)]!.time;
      const ids = async (query: Record<string, string>) => (await events({ max_results: '1000', ...query })).map((e) => e.event_id);
      const iso = new Date(pivot).toISOString();
      assert.deepEqual(await ids({ since: iso }), await ids({ since: String(pivot) }));
      assert.deepEqual(await ids({ until: iso }), await ids({ until: String(pivot) }));
      assert.ok((await ids({ since: iso })).length > 0 && (await ids({ until: iso })).length > 0);
      assert.deepEqual(await ids({ since: '2000-01-01', until: '2000-01-02' }), []);
      const bad = await server.get('/api/strata/v1/audit', { since: 'yesterday' });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json, {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: "Invalid value 'yesterday' for parameter 'since': expected milliseconds since the epoch or an ISO-8601 time.",
      });
    });
  });
}
