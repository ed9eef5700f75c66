/**
 * The lineage graph over HTTP and the CLI, on SQLite and PostgreSQL: up from a model
 * version (by number and by alias) through its run, datasets, code and parent runs; down
 * from a dataset digest, a git commit and a run; depth limits; errors.
 *
 *   grandparent G (git c0) → parent P (git c1) → run R (git c2, train.py; datasets A training, B validation)
 *   R → fraud v1 (@champion);  R2 (git c2, dataset A) → fraud v2;  R3 (dataset B, no code tags)
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from '../cli/capture-cli.js';

const dialects = await testDialects('lineage tests');

const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);

interface World {
  G: string;
  P: string;
  R: string;
  R2: string;
  R3: string;
}

async function ok(reply: Promise<{ status: number; text: string; json: any }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await reply;
  assert.equal(res.status, 200, res.text);
  return res.json;
}

async function seed(server: TestServer): Promise<World> {
  const { experiment_id } = await ok(server.post('experiments/create', { name: 'lineage' }));
  const run = async (name: string, tags: Record<string, string>) => {
    const tagList = Object.entries(tags).map(([key, value]) => ({ key, value }));
    const { run } = await ok(server.post('runs/create', { experiment_id, run_name: name, start_time: Date.now(), tags: tagList }));
    return run.info.run_id as string;
  };
  const inputs = (runId: string, datasets: Array<[string, string, string]>) =>
    ok(server.post('runs/log-inputs', {
      run_id: runId,
      datasets: datasets.map(([name, digest, context]) => ({
        dataset: { name, digest, source_type: 'local', source: `/data/${name}` },
        tags: [{ key: 'mlflow.data.context', value: context }],
      })),
    }));
  const G = await run('sweep-root', { 'mlflow.source.git.commit': 'c0', 'mlflow.source.name': 'sweep.py' });
  const P = await run('sweep', { 'mlflow.parentRunId': G, 'mlflow.source.git.commit': 'c1', 'mlflow.source.name': 'sweep.py' });
  const R = await run('train', {
    'mlflow.parentRunId': P, 'mlflow.source.git.commit': 'c2', 'mlflow.source.name': 'train.py',
    'mlflow.source.git.repoURL': 'https://git.example/fraud.git', unrelated: 'x',
  });
  const R2 = await run('retrain', { 'mlflow.source.git.commit': 'c2', 'mlflow.source.name': 'train.py' });
  const R3 = await run('eval', {});
  await inputs(R, [['transactions', DIGEST_A, 'training'], ['holdout', DIGEST_B, 'validation']]);
  await inputs(R2, [['transactions', DIGEST_A, 'training']]);
  await inputs(R3, [['holdout', DIGEST_B, 'evaluation']]);
  await ok(server.post('registered-models/create', { name: 'fraud' }));
  await ok(server.post('model-versions/create', { name: 'fraud', source: `runs:/${R}/model`, run_id: R }));
  await ok(server.post('model-versions/create', { name: 'fraud', source: `runs:/${R2}/model`, run_id: R2 }));
  await ok(server.post('registered-models/alias', { name: 'fraud', alias: 'champion', version: '1' }));
  return { G, P, R, R2, R3 };
}

const ids = (graph: { nodes: Array<{ id: string }> }) => graph.nodes.map((n) => n.id).sort();
const edges = (graph: { edges: Array<{ from: string; to: string; relation: string }> }) =>
  graph.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`).sort();

for (const dialect of dialects) {
  describeOrSkip(`lineage on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let w: World;
    const lineage = (query: Record<string, string | number>) => server.get('/api/strata/v1/lineage', query);
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      w = await seed(server);
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('walks up from a version by alias: run, datasets with context, code, parent runs', async () => {
      const graph = await ok(lineage({ uri: 'models:/fraud@champion' }));
      assert.equal(graph.root, 'models:/fraud/1');
      assert.equal(graph.direction, 'up');
      assert.equal(graph.depth, 5);
      assert.deepEqual(ids(graph), [
        `dataset:${DIGEST_A}`, `dataset:${DIGEST_B}`, 'git:c0', 'git:c1', 'git:c2', 'models:/fraud/1',
        `runs:/${w.G}`, `runs:/${w.P}`, `runs:/${w.R}`,
      ].sort());
      assert.deepEqual(edges(graph), [
        `dataset:${DIGEST_A} -input_of-> runs:/${w.R}`,
        `dataset:${DIGEST_B} -input_of-> runs:/${w.R}`,
        `git:c0 -source_of-> runs:/${w.G}`,
        `git:c1 -source_of-> runs:/${w.P}`,
        `git:c2 -source_of-> runs:/${w.R}`,
        `runs:/${w.G} -parent_of-> runs:/${w.P}`,
        `runs:/${w.P} -parent_of-> runs:/${w.R}`,
        `runs:/${w.R} -registered_as-> models:/fraud/1`,
      ].sort());
      const version = graph.nodes.find((n: { id: string }) => n.id === 'models:/fraud/1');
      assert.deepEqual(
        { ...version.attributes, creation_time: 0 },
        { name: 'fraud', version: 1, current_stage: 'None', aliases: ['champion'], source: `runs:/${w.R}/model`, run_id: w.R, status: 'READY', creation_time: 0 },
      );
      const dataset = graph.nodes.find((n: { id: string }) => n.id === `dataset:${DIGEST_A}`);
      assert.deepEqual(dataset.attributes, { name: 'transactions', digest: DIGEST_A, source_type: 'local', source: '/data/transactions' });
      const input = graph.edges.find((e: { from: string }) => e.from === `dataset:${DIGEST_B}`);
      assert.deepEqual(input.attributes, { name: 'holdout', context: 'validation' });
      const code = graph.nodes.find((n: { id: string }) => n.id === 'git:c2');
      assert.deepEqual(code.attributes, { commit: 'c2', repo_url: 'https://git.example/fraud.git' });
      const run = graph.nodes.find((n: { id: string }) => n.id === `runs:/${w.R}`);
      assert.equal(run.label, 'train');
      assert.equal(run.attributes.status, 'RUNNING');
    });

    it('stops at the depth asked for', async () => {
      assert.deepEqual(ids(await ok(lineage({ uri: 'models:/fraud/1', depth: 0 }))), ['models:/fraud/1']);
      assert.deepEqual(ids(await ok(lineage({ uri: 'models:/fraud/1', depth: 1 }))), ['models:/fraud/1', `runs:/${w.R}`].sort());
      const two = await ok(lineage({ uri: 'models:/fraud/1', depth: 2 }));
      assert.deepEqual(ids(two), [`dataset:${DIGEST_A}`, `dataset:${DIGEST_B}`, 'git:c2', 'models:/fraud/1', `runs:/${w.P}`, `runs:/${w.R}`].sort());
    });

    it('walks up from a run', async () => {
      const graph = await ok(lineage({ uri: `runs:/${w.R2}` }));
      assert.deepEqual(ids(graph), [`dataset:${DIGEST_A}`, 'git:c2', `runs:/${w.R2}`].sort());
    });

    it('walks down from a dataset digest to the runs that used it and their versions', async () => {
      const graph = await ok(lineage({ uri: `dataset:${DIGEST_A}`, direction: 'down' }));
      assert.equal(graph.root, `dataset:${DIGEST_A}`);
      assert.deepEqual(edges(graph), [
        `dataset:${DIGEST_A} -input_of-> runs:/${w.R2}`,
        `dataset:${DIGEST_A} -input_of-> runs:/${w.R}`,
        `runs:/${w.R2} -registered_as-> models:/fraud/2`,
        `runs:/${w.R} -registered_as-> models:/fraud/1`,
      ].sort());
      const other = await ok(lineage({ uri: `datasets:/${DIGEST_B}`, direction: 'down' }));
      assert.deepEqual(ids(other), [`dataset:${DIGEST_B}`, 'models:/fraud/1', `runs:/${w.R3}`, `runs:/${w.R}`].sort());
    });

    it('walks down from a git commit to runs and versions', async () => {
      const graph = await ok(lineage({ uri: 'git:c2', direction: 'down' }));
      assert.deepEqual(ids(graph), ['git:c2', 'models:/fraud/1', 'models:/fraud/2', `runs:/${w.R2}`, `runs:/${w.R}`].sort());
      assert.ok(edges(graph).includes(`git:c2 -source_of-> runs:/${w.R}`));
    });

    it('walks down from a run through its child runs', async () => {
      const graph = await ok(lineage({ uri: `runs:/${w.G}`, direction: 'down' }));
      assert.deepEqual(edges(graph), [
        `runs:/${w.G} -parent_of-> runs:/${w.P}`,
        `runs:/${w.P} -parent_of-> runs:/${w.R}`,
        `runs:/${w.R} -registered_as-> models:/fraud/1`,
      ].sort());
      const shallow = await ok(lineage({ uri: `runs:/${w.G}`, direction: 'down', depth: 1 }));
      assert.deepEqual(ids(shallow), [`runs:/${w.G}`, `runs:/${w.P}`].sort());
    });

    it('takes a unique prefix of a dataset digest (as `data versions` prints it), and lists the candidates of an ambiguous one', async () => {
      const short = DIGEST_A.slice(0, 12);
      const up = await ok(lineage({ uri: `dataset:${short}` }));
      assert.equal(up.root, `dataset:${DIGEST_A}`);
      const down = await ok(lineage({ uri: `datasets:/${short}`, direction: 'down', depth: 1 }));
      assert.deepEqual(ids(down), [`dataset:${DIGEST_A}`, `runs:/${w.R2}`, `runs:/${w.R}`].sort());

      const { experiment_id } = await ok(server.post('experiments/create', { name: 'lineage-prefixes' }));
      const { run } = await ok(server.post('runs/create', { experiment_id }));
      const twins = ['cafe01', 'cafe02'].map((head) => head.padEnd(64, '0'));
      await ok(server.post('runs/log-inputs', {
        run_id: run.info.run_id,
        datasets: twins.map((digest) => ({ dataset: { name: `twin-${digest.slice(0, 6)}`, digest, source_type: 'local', source: '/data' } })),
      }));
      const ambiguous = await lineage({ uri: 'dataset:cafe0', direction: 'down' });
      assert.equal(ambiguous.status, 400, ambiguous.text);
      assert.equal(ambiguous.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.equal(ambiguous.json.message, `Dataset digest prefix 'cafe0' is ambiguous: it starts ${twins.join(', ')}. Give more characters.`);
      assert.equal((await ok(lineage({ uri: 'dataset:cafe02' }))).root, `dataset:${twins[1]}`);
      assert.equal((await lineage({ uri: 'dataset:caf' })).status, 404, 'too short to be taken as a prefix');
      assert.equal((await lineage({ uri: 'dataset:CAFE01' })).status, 404, 'digests are compared case-sensitively');

      const env = { STRATA_TRACKING_URI: server.url };
      const cli = await captureCli(['lineage', `dataset:${short}`, '--direction', 'down', '--depth', '1', '--json'], env);
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal(JSON.parse(cli.stdout).root, `dataset:${DIGEST_A}`);
      const cliAmbiguous = await captureCli(['lineage', 'dataset:cafe0'], env);
      assert.equal(cliAmbiguous.code, 1);
      assert.match(cliAmbiguous.stderr, /^error: Dataset digest prefix 'cafe0' is ambiguous: it starts cafe010+, cafe020+\. Give more characters\. \(INVALID_PARAMETER_VALUE\)\n$/);
    });

    it('refuses bad queries with MLflow error codes', async () => {
      const cases: Array<[Record<string, string | number>, number, string]> = [
        [{ uri: 'http://x' }, 400, 'INVALID_PARAMETER_VALUE'],
        [{ uri: 'models:/fraud/1', direction: 'sideways' }, 400, 'INVALID_PARAMETER_VALUE'],
        [{ uri: 'models:/fraud/1', depth: 51 }, 400, 'INVALID_PARAMETER_VALUE'],
        [{ uri: 'models:/fraud/9' }, 404, 'RESOURCE_DOES_NOT_EXIST'],
        [{ uri: 'models:/fraud@nobody' }, 400, 'INVALID_PARAMETER_VALUE'],
        [{ uri: 'runs:/0123456789abcdef0123456789abcdef' }, 404, 'RESOURCE_DOES_NOT_EXIST'],
        [{ uri: 'dataset:feedface', direction: 'down' }, 404, 'RESOURCE_DOES_NOT_EXIST'],
        [{ uri: 'git:nope', direction: 'down' }, 404, 'RESOURCE_DOES_NOT_EXIST'],
      ];
      for (const [query, status, code] of cases) {
        const res = await lineage(query);
        assert.equal(res.status, status, `${JSON.stringify(query)}: ${res.text}`);
        assert.equal(res.json.error_code, code);
      }
      assert.equal((await server.get('/api/strata/v1/lineage')).status, 400);
    });

    it('prints the graph as a tree with `strata lineage`, and as JSON with --json', async () => {
      const env = { STRATA_TRACKING_URI: server.url };
      const tree = await captureCli(['lineage', 'models:/fraud@champion'], env);
      assert.equal(tree.code, 0, tree.stderr);
      const lines = tree.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'model fraud v1 [None] @champion  models:/fraud/1');
      assert.match(lines[1]!, new RegExp(`^└── registered_as: run train \\(RUNNING, experiment \\d+\\)  runs:/${w.R}$`));
      assert.ok(lines.some((l) => /^ {4}├── input_of \(context training\): dataset transactions digest a+ {2}dataset:a+$/.test(l)), tree.stdout);
      assert.ok(lines.some((l) => l.includes('source_of (train.py): code git c2 https://git.example/fraud.git  git:c2')), tree.stdout);
      assert.ok(lines.some((l) => /^ {4}└── parent_of: run sweep \(/.test(l)), tree.stdout);
      assert.ok(lines.some((l) => /^ {8}└── parent_of: run sweep-root \(/.test(l)), tree.stdout);
      const json = await captureCli(['lineage', `dataset:${DIGEST_A}`, '--direction', 'down', '--depth', '1', '--json'], env);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(ids(JSON.parse(json.stdout)), [`dataset:${DIGEST_A}`, `runs:/${w.R2}`, `runs:/${w.R}`].sort());
      const bad = await captureCli(['lineage', 'models:/fraud/1', '--direction', 'sideways'], env);
      assert.equal(bad.code, 2);
      const missing = await captureCli(['lineage', 'models:/fraud/42'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /RESOURCE_DOES_NOT_EXIST/);
    });
  });
}
