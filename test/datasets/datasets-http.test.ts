/**
 * The dataset registry over HTTP (/api/strata/v1/datasets), on SQLite and PostgreSQL:
 * register, list, get, by-digest, the runs linked through runs/log-inputs, validation
 * errors, a repeated digest, the audit trail, and concurrent registrations (dense numbers
 * for 20 first registrations at once, one version for a digest registered 10 times at
 * once). PostgreSQL is skipped (reason printed) when none answers, and fails instead under
 * STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { type ApiResponse, createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('dataset registry tests');

const PREFIX = '/api/strata/v1/datasets';
const digest = (c: string) => c.repeat(64);
const hex = (i: number) => i.toString(16).padStart(64, '0');

function assertError(res: ApiResponse, status: number, code: string, message?: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error_code, code, res.text);
  if (message) assert.match(res.json.message, message);
}

for (const dialect of dialects) {
  describeOrSkip(`dataset registry over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    function register(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ApiResponse> {
      return server.post(`${PREFIX}/versions`, { size: 10, file_count: 2, source_uri: 'https://example.com/repo.git#data', ...body }, headers);
    }

    async function logInput(runId: string, inputDigest: string, context?: string, name = 'train'): Promise<void> {
      const tags = context ? [{ key: 'mlflow.data.context', value: context }] : [];
      const res = await server.post('runs/log-inputs', {
        run_id: runId,
        datasets: [{ tags, dataset: { name, digest: inputDigest, source_type: 'strata', source: '{}' } }],
      });
      assert.equal(res.status, 200, res.text);
    }

    it('registers versions, creating the dataset, numbering 1, 2…', async () => {
      const alice = { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` };
      const first = await register({ name: 'iris', digest: digest('a'), description: 'flowers', schema: { cols: ['x'] } }, alice);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.created, true);
      const v1 = first.json.dataset_version;
      assert.deepEqual({ ...v1, created_at: 0 }, {
        name: 'iris', version: 1, digest: digest('a'), size: 10, file_count: 2, source_uri: 'https://example.com/repo.git#data',
        schema: { cols: ['x'] }, created_by: 'alice', created_at: 0,
      });
      const second = await register({ name: 'iris', digest: digest('b'), size: '2000000000000', profile: '{"rows":3}' });
      assert.equal(second.json.dataset_version.version, 2);
      assert.equal(second.json.dataset_version.size, 2_000_000_000_000);
      assert.deepEqual(second.json.dataset_version.profile, { rows: 3 });

      const got = await server.get(`${PREFIX}/iris`);
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.dataset.description, 'flowers');
      assert.equal(got.json.dataset.created_by, 'alice');
      assert.equal(got.json.dataset.latest_version, 2);
      assert.deepEqual(got.json.versions.map((v: { version: number }) => v.version), [2, 1]);
    });

    it('returns the existing version for a digest registered again, and refuses a changed size', async () => {
      const first = await register({ name: 'dup', digest: digest('c') });
      const again = await register({ name: 'dup', digest: digest('c'), source_uri: 'elsewhere' });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.created, false);
      assert.deepEqual(again.json.dataset_version, first.json.dataset_version);
      assertError(await register({ name: 'dup', digest: digest('c'), size: 11 }), 400, 'INVALID_PARAMETER_VALUE', /version 1 has digest/);
      // The same digest under another name is another dataset's version.
      assert.equal((await register({ name: 'dup-copy', digest: digest('c') })).json.dataset_version.version, 1);
      const byDigest = await server.get(`${PREFIX}/by-digest/${digest('c')}`);
      assert.deepEqual(byDigest.json.dataset_versions.map((v: { name: string }) => v.name), ['dup', 'dup-copy']);
      assert.deepEqual((await server.get(`${PREFIX}/by-digest/${digest('9')}`)).json, { dataset_versions: [] });
    });

    it('lists datasets by name with paging', async () => {
      for (const name of ['list-b', 'list-a', 'list-c']) await register({ name, digest: digest('d') });
      const names: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await server.get(PREFIX, { max_results: 2, ...(pageToken ? { page_token: pageToken } : {}) });
        assert.equal(page.status, 200, page.text);
        names.push(...page.json.datasets.map((d: { name: string }) => d.name));
        pageToken = page.json.next_page_token;
      } while (pageToken);
      assert.deepEqual(names.filter((n) => n.startsWith('list-')), ['list-a', 'list-b', 'list-c']);
      assertError(await server.get(PREFIX, { max_results: 0 }), 400, 'INVALID_PARAMETER_VALUE', /max_results/);
      assertError(await server.get(PREFIX, { page_token: 'garbage' }), 400, 'INVALID_PARAMETER_VALUE', /page token/);
    });

    it('links the runs that logged an input with the version digest', async () => {
      await register({ name: 'linked', digest: digest('e') });
      await register({ name: 'linked', digest: digest('f') });
      const { runId: training } = await createExperimentAndRun(server);
      const { runId: evaluation } = await createExperimentAndRun(server);
      const { runId: unrelated, experimentId } = await createExperimentAndRun(server);
      await logInput(training, digest('e'), 'training');
      await logInput(evaluation, digest('e'), 'eval', 'logged-under-another-name');
      await logInput(evaluation, digest('f'));
      await logInput(unrelated, digest('1'));

      const v1 = await server.get(`${PREFIX}/linked/versions/1`);
      assert.equal(v1.status, 200, v1.text);
      assert.equal(v1.json.dataset_version.digest, digest('e'));
      const runs = v1.json.runs as Array<{ run_id: string; context?: string; dataset_name: string; experiment_id: string }>;
      assert.deepEqual(runs.map((r) => [r.run_id, r.context, r.dataset_name]).sort(), [
        [evaluation, 'eval', 'logged-under-another-name'],
        [training, 'training', 'train'],
      ].sort());
      assert.ok(runs.every((r) => typeof r.experiment_id === 'string' && r.experiment_id !== experimentId));
      const v2 = await server.get(`${PREFIX}/linked/versions/2`);
      assert.deepEqual(v2.json.runs.map((r: { run_id: string }) => r.run_id), [evaluation]);

      const withRuns = await server.get(`${PREFIX}/linked`, { include_runs: 'true' });
      assert.deepEqual(withRuns.json.versions.map((v: { runs: unknown[] }) => v.runs.length), [1, 2]);
      assert.equal((await server.get(`${PREFIX}/linked`)).json.versions[0].runs, undefined);

      // A deleted run no longer counts as a user of the version.
      await server.post('runs/delete', { run_id: training });
      assert.deepEqual((await server.get(`${PREFIX}/linked/versions/1`)).json.runs.map((r: { run_id: string }) => r.run_id), [evaluation]);
    });

    it('answers unknown datasets and versions with RESOURCE_DOES_NOT_EXIST', async () => {
      assertError(await server.get(`${PREFIX}/nope`), 404, 'RESOURCE_DOES_NOT_EXIST', /Dataset 'nope' not found/);
      assertError(await server.get(`${PREFIX}/nope/versions/1`), 404, 'RESOURCE_DOES_NOT_EXIST', /Dataset 'nope' not found/);
      await register({ name: 'one-version', digest: digest('0') });
      assertError(await server.get(`${PREFIX}/one-version/versions/2`), 404, 'RESOURCE_DOES_NOT_EXIST', /has no version 2/);
      assertError(await server.get(`${PREFIX}/one-version/versions/x`), 400, 'INVALID_PARAMETER_VALUE', /must be an integer/);
    });

    it('refuses bad input with INVALID_PARAMETER_VALUE', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ digest: digest('a') }, /Missing value for required parameter 'name'/],
        [{ name: 'v', digest: 'ABCDEF0123' }, /for parameter 'digest'.*lowercase hex/],
        [{ name: 'v', digest: 'abc' }, /for parameter 'digest'/],
        [{ name: 'v', digest: digest('a') + 'a' }, /for parameter 'digest'/],
        [{ name: 'v' }, /Missing value for required parameter 'digest'/],
        [{ name: 'v', digest: digest('a'), size: -1 }, /for parameter 'size'/],
        [{ name: 'v', digest: digest('a'), file_count: 1.5 }, /file_count/],
        [{ name: 'v', digest: digest('a'), source_uri: '' }, /Missing value for required parameter 'source_uri'/],
        [{ name: ' padded', digest: digest('a') }, /leading or trailing spaces/],
        [{ name: 'x'.repeat(501), digest: digest('a') }, /'name' exceeds the maximum length of 500/],
        [{ name: 'v', digest: digest('a'), schema: '[1, 2]' }, /'schema' supplied: expected a JSON object/],
        [{ name: 'v', digest: digest('a'), profile: 'not json' }, /'profile' supplied: expected a JSON object/],
      ];
      for (const [body, message] of cases) assertError(await register(body), 400, 'INVALID_PARAMETER_VALUE', message);
      assertError(await server.get(`${PREFIX}/by-digest/XYZ`), 400, 'INVALID_PARAMETER_VALUE', /digest/);
      assert.equal((await server.get(`${PREFIX}/v`)).status, 404, 'nothing was registered by the refused requests');
    });

    it('serves names with slashes and names that look like routes', async () => {
      for (const name of ['team/vision/images', 'by-digest', 'versions']) {
        assert.equal((await register({ name, digest: digest('7') })).status, 200);
        const got = await server.get(`${PREFIX}/${encodeURIComponent(name)}`);
        assert.equal(got.status, 200, `${name}: ${got.text}`);
        assert.equal(got.json.dataset.name, name);
        const version = await server.get(`${PREFIX}/${encodeURIComponent(name)}/versions/1`);
        assert.equal(version.json.dataset_version.name, name, version.text);
      }
    });

    it('records each change in the audit log, and nothing for a repeated registration', async () => {
      await register({ name: 'audited', digest: digest('8') });
      await register({ name: 'audited', digest: digest('8') });
      await register({ name: 'audited', digest: digest('8'), description: 'now described' });
      const events = (await server.get('/api/strata/v1/audit', { entity_id: 'audited/1' })).json.events;
      assert.deepEqual(events.map((e: { action: string }) => e.action), ['dataset.register_version']);
      const updates = (await server.get('/api/strata/v1/audit', { entity_type: 'dataset', entity_id: 'audited' })).json.events;
      assert.deepEqual(updates.map((e: { action: string }) => e.action), ['dataset.update']);
    });

    it('numbers 20 concurrent first registrations of a new dataset 1…20', async () => {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => register({ name: 'busy', digest: hex(i + 1) })));
      for (const res of responses) assert.equal(res.status, 200, res.text);
      const numbers = responses.map((res) => res.json.dataset_version.version as number).sort((a, b) => a - b);
      assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal((await server.get(`${PREFIX}/busy`)).json.dataset.latest_version, 20);
    });

    it('keeps one version when the same digest is registered 10 times at once', async () => {
      const responses = await Promise.all(Array.from({ length: 10 }, () => register({ name: 'same', digest: hex(99) })));
      for (const res of responses) assert.equal(res.status, 200, res.text);
      assert.equal(responses.filter((res) => res.json.created === true).length, 1);
      assert.deepEqual(new Set(responses.map((res) => res.json.dataset_version.version)), new Set([1]));
    });
  });
}
