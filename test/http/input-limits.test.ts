/**
 * Issue 10 over HTTP, on SQLite and PostgreSQL: inputs that made the server answer 500 (or
 * work for minutes) are refused with 400 INVALID_PARAMETER_VALUE and a short message, the same
 * way on both databases, and nothing is stored. PostgreSQL is skipped (reason printed) when
 * none answers.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  MAX_DATASET_INPUTS_PER_REQUEST,
  MAX_SEARCH_EXPERIMENT_IDS,
  MAX_SEARCH_FILTER_TERMS,
} from '../../src/api/limits.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('input-limit tests');

function assertRefused(res: ApiResponse, message: RegExp): void {
  assert.equal(res.status, 400, res.text.slice(0, 500));
  assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
  assert.match(res.json.message, message);
  assert.ok(res.text.length < 1000, `the error is ${res.text.length} characters long`);
}

const conjunction = (terms: number, term: string) => Array.from({ length: terms }, () => term).join(' AND ');
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

for (const dialect of dialects) {
  describeOrSkip(`request limits on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let experimentId: string;
    let runId: string;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      ({ experimentId, runId } = await createExperimentAndRun(server, 'limits'));
      await server.post('registered-models/create', { name: 'limits-model' });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('refuses a 5,000-term filter (a 500 on SQLite, minutes on PostgreSQL) and runs one at the cap', async () => {
      const search = (filter: string) => server.post('runs/search', { experiment_ids: [experimentId], filter });
      assertRefused(await search(conjunction(5000, 'metrics.m > 0')), /longer than the 50000 characters allowed/);
      assertRefused(await search(conjunction(MAX_SEARCH_FILTER_TERMS + 1, 'metrics.m > 0')), /more than 100 comparisons/);
      // Two comparisons per repeat: 100 in all.
      const atCap = await search(conjunction(MAX_SEARCH_FILTER_TERMS / 2, "tags.`mlflow.runName` != 'x' AND params.p IS NULL"));
      assert.equal(atCap.status, 200, atCap.text);
      assert.deepEqual(atCap.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id), [runId]);
    });

    it('applies the same limits to every search that parses the filter language', async () => {
      const tooMany = (term: string) => conjunction(MAX_SEARCH_FILTER_TERMS + 1, term);
      assertRefused(await server.post('experiments/search', { filter: tooMany("tags.t = 'x'") }), /more than 100 comparisons/);
      assertRefused(await server.get('registered-models/search', { filter: tooMany("name = 'x'") }), /more than 100 comparisons/);
      assertRefused(await server.get('model-versions/search', { filter: tooMany("name = 'x'") }), /more than 100 comparisons/);
      const orderBy = Array.from({ length: 2000 }, (_, i) => `metrics.m${i} DESC`);
      assertRefused(await server.post('runs/search', { experiment_ids: [experimentId], order_by: orderBy }), /2000 clauses, more than the 10/);
      assertRefused(await server.post('experiments/search', { order_by: orderBy.map(() => 'name') }), /2000 clauses/);
    });

    it('refuses more experiment_ids than a search may cover (40,000 was a 500 on SQLite, 70,000 on PostgreSQL)', async () => {
      const ids = (count: number) => Array.from({ length: count }, (_, i) => String(i));
      assertRefused(await server.post('runs/search', { experiment_ids: ids(70_000) }), /at most 1000 experiment_ids; got 70000/);
      const atCap = await server.post('runs/search', { experiment_ids: [...ids(MAX_SEARCH_EXPERIMENT_IDS - 1), experimentId] });
      assert.equal(atCap.status, 200, atCap.text);
      assert.equal(atCap.json.runs.length, 1);
    });

    it('refuses more datasets than one log-inputs request may hold', async () => {
      const datasets = Array.from({ length: MAX_DATASET_INPUTS_PER_REQUEST + 1 }, (_, i) => ({
        dataset: { name: `d${i}`, digest: `x${i}`, source_type: 'local', source: '{}' },
      }));
      assertRefused(await server.post('runs/log-inputs', { run_id: runId, datasets }), /at most 1000 datasets; got 1001/);
    });

    it('refuses JSON nested 5,000 deep (a stack overflow while building the error) anywhere in the body', async () => {
      assertRefused(await server.post('experiments/create', `{"name": ${nested(5000)}}`), /nest more than 64 levels deep/);
      assertRefused(await server.post('runs/set-tag', `{"run_id": "${runId}", "key": "k", "value": ${nested(5000)}}`), /nest more than 64/);
      assertRefused(await server.post('experiments/create', `{"name": "deep", "x": ${nested(65)}}`), /nest more than 64/);
      const shallow = await server.post('experiments/create', `{"name": "shallow", "x": ${nested(60)}}`);
      assert.equal(shallow.status, 200, shallow.text);
    });

    it('refuses NUL in any field, names, values and filters alike, and stores nothing', async () => {
      assertRefused(await server.post('experiments/create', { name: 'nul\u0000name' }), /field 'name' contains a NUL character/);
      assertRefused(await server.post('runs/create', { experiment_id: experimentId, run_name: 'a\u0000' }), /'run_name' contains a NUL/);
      assertRefused(await server.post('runs/set-tag', { run_id: runId, key: 'k', value: 'a\u0000b' }), /'value' contains a NUL/);
      assertRefused(await server.post('runs/log-parameter', { run_id: runId, key: 'p', value: '\u0000' }), /'value' contains a NUL/);
      assertRefused(await server.post('runs/log-batch', { run_id: runId, tags: [{ key: 'k', value: 'x\u0000' }] }), /field 'tags\[0\]\.value' contains a NUL/);
      assertRefused(await server.post('registered-models/create', { name: 'm\u0000' }), /contains a NUL/);
      assertRefused(await server.post('runs/search', { experiment_ids: [experimentId], filter: "params.a = 'x\u0000'" }), /'filter' contains a NUL/);
      assertRefused(await server.get('experiments/get-by-name', { experiment_name: 'a\u0000b' }), /query string: parameter 'experiment_name' contains a NUL/);
      assert.equal((await server.get('experiments/search', { filter: "name LIKE 'nul%'" })).json.experiments, undefined);
      const run = await server.get('runs/get', { run_id: runId });
      assert.deepEqual(run.json.run.data.params, undefined);
      assert.deepEqual(run.json.run.data.tags.map((t: { key: string }) => t.key), ['mlflow.runName']);
    });

    it('refuses control characters in names but not in values', async () => {
      for (const name of ['line\nbreak', 'tab\there', 'esc\u001b[31m', 'c1\u0085']) {
        assertRefused(await server.post('experiments/create', { name }), /Names may not contain control characters/);
      }
      assertRefused(await server.post('runs/update', { run_id: runId, run_name: 'two\nlines' }), /'run_name' supplied: Names may not contain control/);
      assertRefused(await server.post('registered-models/create', { name: 'a\rb' }), /Names may not contain control characters/);
      const value = await server.post('runs/set-tag', { run_id: runId, key: 'note', value: 'two\nlines\tand a tab' });
      assert.equal(value.status, 200, value.text);
    });

    it('refuses a lone surrogate, which would be stored as U+FFFD and never found again', async () => {
      assertRefused(await server.post('experiments/create', '{"name": "lone\\ud800"}'), /'name' is not valid Unicode text/);
      assertRefused(await server.post('runs/set-tag', `{"run_id": "${runId}", "key": "k", "value": "\\udc00x"}`), /not valid Unicode/);
      assertRefused(await server.post('experiments/create', '{"name": "ok", "\\ud800": 1}'), /field '\\ud800' is not valid Unicode/);
      const pair = await server.post('experiments/create', '{"name": "emoji \\ud83d\\ude00"}');
      assert.equal(pair.status, 200, pair.text);
      const found = await server.get('experiments/get-by-name', { experiment_name: 'emoji \u{1F600}' });
      assert.equal(found.json.experiment.experiment_id, pair.json.experiment_id);
    });

    it('quotes only the start of a huge value in its error', async () => {
      const huge = 'x'.repeat(1_000_000);
      assertRefused(await server.post('experiments/create', { name: huge }), /exceeds the maximum length/);
      assertRefused(await server.post('runs/log-parameter', { run_id: runId, key: `${huge}!`, value: 'v' }), /… \(1000001 characters\)/);
      assertRefused(await server.post('runs/search', { experiment_ids: [experimentId], filter: `params.p = '${huge}'` }), /characters allowed/);
      const missing = await server.post('runs/set-tag', { run_id: huge, key: 'k', value: 'v' });
      assert.equal(missing.status, 404);
      assert.ok(missing.text.length < 1000, `${missing.text.length} characters`);
      assert.match(missing.json.message, /Run with id=x+… \(1000000 characters\) not found/);
    });
  });
}
