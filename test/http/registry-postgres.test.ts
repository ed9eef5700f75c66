/**
 * The registry behaviours where SQLite and PostgreSQL could differ, on both: dense
 * version numbers under 20 concurrent creates, concurrent alias moves recorded in
 * order, search SQL and paging, cascading delete. PostgreSQL is skipped (with the
 * reason printed) when none answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresTestTarget } from '../helpers/postgres-test-uri.js';
import { registryCalls } from '../helpers/registry-calls.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';

const target = await postgresTestTarget();
const pgSkip = 'skip' in target ? target.skip : false;
if (pgSkip) console.log(`# skipping PostgreSQL registry tests: ${pgSkip}`);

const dialects: Array<{ name: string; uri: () => string; skip: string | false; drop: () => Promise<void> }> = [
  { name: 'SQLite', uri: () => 'sqlite:///:memory:', skip: false, drop: async () => {} },
  {
    name: 'PostgreSQL',
    uri: () => ('uri' in target ? target.uri : ''),
    skip: pgSkip,
    drop: async () => {
      if ('drop' in target) await target.drop();
    },
  },
];

for (const dialect of dialects) {
  describe(`registry over HTTP on ${dialect.name}`, { skip: dialect.skip }, () => {
    let server: TestServer;
    let api: ReturnType<typeof registryCalls>;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      api = registryCalls(server);
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('gives 20 concurrent version creates 20 consecutive numbers, no duplicates, no gaps', async () => {
      const { runId } = await createExperimentAndRun(server);
      await api.createModel('busy');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => api.createVersion({ name: 'busy', source: `runs:/${runId}/model`, run_id: runId })),
      );
      for (const res of responses) assert.equal(res.status, 200, res.text);
      const versions = responses.map((res) => Number(res.json.model_version.version)).sort((a, b) => a - b);
      assert.deepEqual(versions, Array.from({ length: 20 }, (_, i) => i + 1));
      const listed = await server.get('model-versions/search', { filter: "name = 'busy'" });
      assert.equal(listed.json.model_versions.length, 20);
      const audit = await server.get('/api/strata/v1/audit', { action: 'model_version.create', max_results: 100 });
      assert.equal(audit.json.events.filter((e: { entity_id: string }) => e.entity_id.startsWith('busy/')).length, 20);
    });

    it('records concurrent alias moves as a consistent chain of previous holders', async () => {
      await api.createModel('racing');
      for (let i = 0; i < 5; i++) await api.createVersion({ name: 'racing', source: `s3://b/${i}` });
      const moves = await Promise.all(
        [1, 2, 3, 4, 5, 1, 2, 3].map((version) => server.post('registered-models/alias', { name: 'racing', alias: 'prod', version: String(version) })),
      );
      for (const res of moves) assert.equal(res.status, 200, res.text);
      const events = (await server.get('/api/strata/v1/registered-models/alias-history', { name: 'racing', alias: 'prod' })).json.events;
      // Each event's previous holder is the version the event before it set.
      events.forEach((event: { version: string; previous_version?: string }, i: number) => {
        assert.equal(event.previous_version, i === 0 ? undefined : events[i - 1].version);
      });
      const current = (await server.get('registered-models/alias', { name: 'racing', alias: 'prod' })).json.model_version.version;
      assert.equal(current, events[events.length - 1].version);
    });

    it('searches models and versions with tags, OR/NOT and paging', async () => {
      for (const name of ['pg-a', 'pg-b', 'pg-c']) await api.createModel(name, { tags: [{ key: 'tier', value: name === 'pg-b' ? 'gold' : 'std' }] });
      const page1 = await server.get('registered-models/search', { filter: "name LIKE 'pg-%' AND NOT tags.tier = 'gold'", max_results: 1 });
      const page2 = await server.get('registered-models/search', {
        filter: "name LIKE 'pg-%' AND NOT tags.tier = 'gold'", max_results: 1, page_token: page1.json.next_page_token,
      });
      assert.deepEqual([page1.json.registered_models[0].name, page2.json.registered_models[0].name], ['pg-a', 'pg-c']);
      await api.createVersion({ name: 'pg-a', source: 's3://b/x', tags: [{ key: 't', value: 'v' }] });
      const versions = await server.get('model-versions/search', { filter: "tags.t = 'v' OR name = 'pg-zzz'" });
      assert.deepEqual(versions.json.model_versions.map((v: { name: string }) => v.name), ['pg-a']);
    });

    it('deletes a registered model with its versions, aliases and history', async () => {
      await api.createModel('doomed');
      await api.createVersion({ name: 'doomed', source: 's3://b/d' });
      await server.post('registered-models/alias', { name: 'doomed', alias: 'x', version: '1' });
      assert.equal((await api.send('DELETE', 'registered-models/delete', { name: 'doomed' })).status, 200);
      assert.equal((await server.get('model-versions/get', { name: 'doomed', version: '1' })).status, 404);
      await api.createModel('doomed');
      assert.deepEqual((await server.get('/api/strata/v1/registered-models/alias-history', { name: 'doomed' })).json.events, []);
    });
  });
}
