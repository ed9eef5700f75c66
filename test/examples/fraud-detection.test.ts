/**
 * The fraud-detection example end to end against a fresh server, as its README runs it: data
 * versioned, three candidates trained and registered, each gated against the champion, the good
 * ones promoted automatically through the policy, the broken one refused, and a model card.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runPipeline, type PipelineResult } from '../../examples/fraud-detection/src/pipeline.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

describe('examples/fraud-detection', { timeout: 240_000 }, () => {
  let server: TestServer;
  let workdir: string;
  let result: PipelineResult;
  const lines: string[] = [];

  before(async () => {
    server = await startTestServer();
    workdir = await mkdtemp(join(tmpdir(), 'fraud-example-'));
    const env: Record<string, string | undefined> = { ...process.env, STRATA_TRACKING_URI: server.url };
    for (const key of ['MLFLOW_TRACKING_URI', 'STRATA_TOKEN', 'MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD', 'GITHUB_ACTIONS', 'GITLAB_CI', 'CI_JOB_URL', 'GITHUB_RUN_ID']) delete env[key];
    result = await runPipeline({ workdir, env, log: (line) => lines.push(line) });
  });

  after(async () => {
    await server?.close();
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('promotes the candidates that pass the gate and refuses the one that fails', async () => {
    assert.deepEqual(result.candidates.map((c) => [c.name, c.version, c.gateExitCode, c.promoted]), [
      ['baseline', 1, 0, true],
      ['interactions', 2, 0, true],
      ['undertrained', 3, 1, false],
    ], lines.join('\n'));
    const alias = await server.get('registered-models/alias', { name: 'fraud', alias: 'production' });
    assert.equal(alias.json.model_version.version, '2');
  });

  it('records every gate run on the server, linked to the version, with the spec hash', async () => {
    const results = await server.get('/api/strata/v1/gates/results', { name: 'fraud' });
    assert.equal(results.status, 200, results.text);
    const byVersion = new Map<number, string>(results.json.results.map((r: { version: number; status: string }) => [r.version, r.status]));
    assert.deepEqual([...byVersion.entries()].sort(), [[1, 'passed'], [2, 'passed'], [3, 'failed']]);
    const hashes = new Set(results.json.results.map((r: { spec_hash: string }) => r.spec_hash));
    assert.equal(hashes.size, 1);
    const improved = results.json.results.find((r: { version: number }) => r.version === 2);
    assert.equal(improved.champion.version, 1);
    const bootstrap = improved.rules.find((r: { kind: string }) => r.kind === 'bootstrap');
    assert.equal(bootstrap.status, 'passed', JSON.stringify(bootstrap));
  });

  it('writes the pull-request report and JUnit file for each candidate', async () => {
    const markdown = await readFile(join(workdir, 'reports', 'undertrained', 'gate.md'), 'utf8');
    assert.match(markdown, /offline-eval/);
    assert.match(markdown, /❌/);
    const junit = await readFile(join(workdir, 'reports', 'interactions', 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuite[^>]*name="offline-eval"/);
    assert.equal((junit.match(/<testcase /g) ?? []).length, 9);
    assert.doesNotMatch(junit, /<failure/);
  });

  it('keeps what justified each promotion and prints the champion’s model card', async () => {
    assert.match(result.card, /fraud/);
    assert.match(result.card, /offline-eval/);
    assert.ok(result.card.includes(result.gitCommit), 'the card names the code commit');
    const history = await server.get('/api/strata/v1/registered-models/alias-history', { name: 'fraud', alias: 'production' });
    assert.equal(history.status, 200, history.text);
    assert.ok(history.text.includes(result.gitCommit), history.text);
    const audit = await server.get('/api/strata/v1/audit', { max_results: 500 });
    const actions = new Set(audit.json.events.map((e: { action: string }) => e.action));
    assert.ok(actions.has('gate.evaluate'), [...actions].join(', '));
  });
});
