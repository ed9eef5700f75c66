// `strata gate` against a test server, on SQLite and PostgreSQL: exit codes (0 passed, 1 failed,
// 2 error), the terminal table, --json, the Markdown and JUnit reports (written whatever the
// verdict), spec problems printed as FILE:LINE:COL, the CI job recorded from the environment.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { GateResultWire } from '../../src/api/strata-gates.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI gate tests');

const SPEC = `# the offline evaluation every fraud model passes before production
name: offline-eval
champion: { alias: production }
rules:
  - metrics.auc >= 0.90
  - metrics.auc >= champion + 0.005
  - metrics.latency_p95_ms <= champion * 1.10
  - { slices: "metrics.recall/segment:*", op: ">=", value: 0.80, min_slices: 2 }
  - { artifact: model/MLmodel }
  - { lineage: dataset, name: transactions }
  - { lineage: git_commit }
  - { bootstrap: { predictions: eval/preds.csv, metric: accuracy, resamples: 200, seed: 42 } }
`;

/** 400 examples; every `wrongEvery`-th prediction is wrong. */
const predictions = (wrongEvery: number): string =>
  ['id,label,prediction', ...Array.from({ length: 400 }, (_, i) => `${i},${i % 2},${i % wrongEvery === 0 ? 1 - (i % 2) : i % 2}`)].join('\n');

for (const dialect of dialects) {
  describeOrSkip(`strata gate on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let work: string;
    let candidate: string;

    const logRun = async (runId: string, metrics: Record<string, number>, preds: string) => {
      const timestamp = Date.now();
      for (const [key, value] of Object.entries(metrics)) {
        const logged = await server.post('runs/log-metric', { run_id: runId, key, value, timestamp, step: 0 });
        assert.equal(logged.status, 200, logged.text);
      }
      await server.post('runs/set-tag', { run_id: runId, key: 'mlflow.source.git.commit', value: 'abc1234' });
      await server.post('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'transactions', digest: 'd1', source_type: 'local', source: '/d' } }] });
      const dir = join(work, runId);
      await mkdir(dir);
      await writeFile(join(dir, 'preds.csv'), preds);
      await strata('artifacts', 'log', runId, join(dir, 'preds.csv'), '--artifact-path', 'eval');
    };
    const env = (extra: Record<string, string> = {}) => ({ STRATA_TRACKING_URI: server.url, ...extra });
    const gate = (argv: string[], extra: Record<string, string> = {}, cwd = work) => captureCli(['gate', ...argv], env(extra), { cwd });
    const strata = async (...argv: string[]) => {
      const result = await captureCli(argv, env(), { cwd: work });
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };

    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      work = await mkdtemp(join(tmpdir(), 'strata-cli-gate-'));
      const { runId: champion } = await createExperimentAndRun(server);
      ({ runId: candidate } = await createExperimentAndRun(server));
      await logRun(champion, { auc: 0.92, latency_p95_ms: 38, 'recall/segment:a': 0.84, 'recall/segment:b': 0.83 }, predictions(5));
      await logRun(candidate, { auc: 0.93, latency_p95_ms: 40, 'recall/segment:a': 0.85, 'recall/segment:b': 0.81 }, predictions(20));
      await writeFile(join(work, 'MLmodel'), 'flavors: {}\n');
      await strata('artifacts', 'log', candidate, join(work, 'MLmodel'), '--artifact-path', 'model');
      await server.post('registered-models/create', { name: 'fraud' });
      await server.post('model-versions/create', { name: 'fraud', source: `runs:/${champion}/model`, run_id: champion });
      await server.post('model-versions/create', { name: 'fraud', source: `runs:/${candidate}/model`, run_id: candidate });
      await server.post('registered-models/alias', { name: 'fraud', alias: 'production', version: '1' });
      await writeFile(join(work, 'strata.gate.yaml'), SPEC);
    });
    after(async () => {
      await server?.close();
      await rm(work, { recursive: true, force: true });
      await dialect.drop();
    });

    it('passes a version that meets every rule (exit 0), prints the table and writes both reports', async () => {
      const result = await gate(['--model', 'models:/fraud/2', '--report-md', 'report.md', '--junit', 'junit.xml']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, new RegExp(`^gate offline-eval: PASSED — models:/fraud/2 \\(run ${candidate}\\)\n8 passed, 0 failed, 0 errors; champion models:/fraud/1 \\(@production\\)\n`));
      assert.match(result.stdout, /metrics\.auc >= champion \+ 0\.005\s+passed\s+0\.93\s+0\.92\s+\+0\.01/);
      assert.match(result.stdout, /\nrecorded as \S+\n$/);
      const markdown = await readFile(join(work, 'report.md'), 'utf8');
      assert.match(markdown, /^## ✅ Gate `offline-eval` passed\n/);
      assert.ok(markdown.includes(`(${server.url}/models/fraud/versions/2)`));
      const junit = await readFile(join(work, 'junit.xml'), 'utf8');
      assert.ok(junit.includes('<testsuite name="offline-eval" tests="8" failures="0" errors="0"'));
      assert.equal(result.stderr, 'wrote report.md\nwrote junit.xml\n');
    });

    it('fails a rule that does not hold (exit 1), and still writes the reports', async () => {
      const result = await gate(['--run', candidate, '--require', 'metrics.auc >= 0.99', '--require', 'metrics.auc >= 0.9', '--report-md', 'failed.md', '--junit', 'failed.xml']);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /^gate cli: FAILED — run /);
      assert.match(result.stdout, /metrics\.auc >= 0\.99\s+failed\s+0\.93\s+-\s+-\s+0\.93 is not >= 0\.99/);
      assert.match(await readFile(join(work, 'failed.md'), 'utf8'), /^## ❌ Gate `cli` failed/);
      assert.ok((await readFile(join(work, 'failed.xml'), 'utf8')).includes('failures="1" errors="0"'));
    });

    it('errors (exit 2) on a metric the run never logged, naming it, with the reports written', async () => {
      const result = await gate(['--run', candidate, '--require', 'metrics.f1 >= 0.5', '--junit', 'error.xml']);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stdout, /^gate cli: ERROR/);
      assert.ok(result.stdout.includes(`metric 'f1' was not logged by run ${candidate} (spec line 3)`));
      assert.ok((await readFile(join(work, 'error.xml'), 'utf8')).includes('errors="1"'));
    });

    it('errors (exit 2) on champion rules when the alias has no holder', async () => {
      const result = await gate(['--model', 'models:/fraud/2', '--require', 'metrics.auc >= champion', '--champion', 'staging']);
      assert.equal(result.code, 2, result.stderr);
      assert.ok(result.stdout.includes("no champion: no version of fraud holds alias 'staging'"), result.stdout);
    });

    it('prints each spec problem as FILE:LINE:COL (exit 2), and --require problems against the expression', async () => {
      await writeFile(join(work, 'bad.yaml'), 'name: bad\nrules:\n  - metrics.auc => 0.9\n  - { artifact: model/MLmodel, colour: red }\n');
      const bad = await gate(['--run', candidate, '--spec', 'bad.yaml']);
      assert.equal(bad.code, 2);
      assert.equal(bad.stdout, '');
      assert.equal(bad.stderr, [
        "bad.yaml:3:17: unknown operator '=>' (expected one of >=, >, <=, <, ==, !=)",
        "bad.yaml:4:32: artifact rule: unknown field 'colour' (expected one of artifact, name)",
        'error: the gate spec has 2 problems', '',
      ].join('\n'));
      const required = await gate(['--run', candidate, '--require', 'metrics.auc => 1']);
      assert.equal(required.code, 2);
      assert.match(required.stderr, /^--require 'metrics\.auc => 1':13: unknown operator '=>'/);
    });

    it('errors (exit 2) when the spec file is missing, the run is unknown or the server cannot be reached', async () => {
      const empty = await mkdtemp(join(tmpdir(), 'strata-cli-gate-empty-'));
      try {
        const missing = await gate(['--run', candidate], {}, empty);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /^error: gate spec strata\.gate\.yaml: not found \(write one, pass --spec FILE, or give rules with --require\)\n$/);
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
      const unknown = await gate(['--run', 'f'.repeat(32)]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /RESOURCE_DOES_NOT_EXIST/);
      const down = await captureCli(['gate', '--run', candidate, '--require', 'metrics.auc >= 0.9'], { STRATA_TRACKING_URI: 'http://127.0.0.1:9' }, { cwd: work });
      assert.equal(down.code, 2);
      assert.match(down.stderr, /cannot reach http:\/\/127\.0\.0\.1:9/);
    });

    it('refuses a wrong command line with exit 2', async () => {
      assert.equal((await gate(['--require', 'metrics.auc >= 0.9'])).code, 2);
      assert.equal((await gate(['--run', candidate, '--model', 'models:/fraud/2'])).code, 2);
      const both = await gate(['--run', candidate, '--spec', 'strata.gate.yaml', '--require', 'metrics.auc >= 0.9']);
      assert.deepEqual([both.code, both.stderr], [2, 'error: use --spec or --require, not both (add the rules to the spec file)\n']);
      assert.equal((await gate(['--model', 'fraud/2'])).code, 2);
    });

    it('prints --json, judges a version by alias, records the CI job, and --dry-run records nothing', async () => {
      const github = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/fraud', GITHUB_RUN_ID: '42', GITHUB_SHA: 'abc1234', GITHUB_REF: 'refs/heads/main' };
      const result = await gate(['--model', 'models:/fraud@production', '--require', 'metrics.auc >= 0.9', '--json'], github);
      assert.equal(result.code, 0, result.stderr);
      const recorded = JSON.parse(result.stdout) as GateResultWire;
      assert.deepEqual([recorded.status, recorded.model_name, recorded.version, recorded.recorded], ['passed', 'fraud', 1, true]);
      assert.equal(recorded.ci_job_url, 'https://github.com/acme/fraud/actions/runs/42');
      assert.deepEqual(recorded.ci, { provider: 'github-actions', commit: 'abc1234', ref: 'refs/heads/main', repository: 'acme/fraud', run_id: '42' });
      const dry = JSON.parse((await gate(['--run', candidate, '--require', 'metrics.auc >= 0.9', '--json', '--dry-run'])).stdout) as GateResultWire;
      assert.equal(dry.recorded, false);
    });
  });
}
