/**
 * `--json` output speaks one dialect, MLflow's snake_case, whichever command prints it:
 * every command that has --json is run here against a test server (and a temp data
 * repository) and every key at every depth of its output is checked. A new command with
 * --json fails the first test until it is added to INVOCATIONS. On SQLite and PostgreSQL
 * (test-dialects.ts): what each database hands back must print the same way.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Command } from 'commander';
import { CliContext } from '../../src/cli/cli-context.js';
import { buildProgram } from '../../src/cli/run-cli.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { asAdmin, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { createTempGitRepo, type TempGitRepo } from '../helpers/temp-git-repo.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

interface World {
  runId: string;
  work: string;
  repo: TempGitRepo;
  /** Pending promotion requests of fraud's protected aliases, one per decision. */
  promotions: { approve: string; reject: string; cancel: string };
}

/**
 * How to run each command that has --json; `data …` commands run inside the temp repository.
 * They run in this order (resolve reads the alias that alias delete later removes).
 */
const INVOCATIONS: Record<string, (w: World) => string[]> = {
  'experiments list': () => [],
  'experiments create': () => ['json-keys-made'],
  'runs list': () => [],
  'runs show': (w) => [w.runId],
  'models list': () => [],
  'models show': () => ['fraud'],
  'models create': () => ['json-keys-model'],
  'models versions': () => ['fraud'],
  'models register': (w) => [w.runId, 'model', '--name', 'fraud'],
  'models resolve': () => ['models:/fraud@challenger'],
  'models history': () => ['fraud'],
  'models archive': () => ['fraud', '2'],
  'models alias set': () => ['fraud', 'champion', '1'],
  'models alias delete': () => ['fraud', 'challenger'],
  'models policy apply': (w) => [join(w.work, 'policy.yaml')],
  'models policy show': () => ['fraud'],
  promote: () => ['models:/fraud/1', '--alias', 'qa', '--reason', 'json keys'],
  'promotions list': () => [],
  'promotions get': (w) => [w.promotions.approve],
  'promotions approve': (w) => [w.promotions.approve],
  'promotions reject': (w) => [w.promotions.reject],
  'promotions cancel': (w) => [w.promotions.cancel],
  'deployments list': () => ['--all'],
  'deployments history': () => ['json-keys-dep'],
  'deployments served-at': () => ['--name', 'json-keys-dep', '--time', '0s'],
  'deployments rollback': () => ['json-keys-dep'],
  lineage: () => ['models:/fraud/1'],
  gate: (w) => ['--run', w.runId, '--spec', join(w.work, 'gate.yaml'), '--dry-run'],
  'artifacts log': (w) => [w.runId, join(w.work, 'notes.txt')],
  'artifacts list': (w) => [w.runId],
  'artifacts download': (w) => [w.runId, '--dest', join(w.work, 'down')],
  'audit list': () => [],
  'users list': () => [],
  'permissions grant': () => ['model', 'fraud', 'carol', 'viewer'],
  'permissions list': () => ['model', 'fraud'],
  'tokens list': () => [],
  'audit checkpoint': () => [],
  'audit verify': () => [],
  gc: () => ['--dry-run'],
  'data add': () => ['more'],
  'data status': () => [],
  'data diff': () => [],
  'data checkout': () => ['--force'],
  'data push': () => [],
  'data fetch': () => [],
  'data pull': () => ['--force'],
  'data gc': () => [],
  'data unprotect': () => ['data'],
  'data verify': () => [],
  'data ls': () => ['data'],
  'data remote list': () => [],
  'data register': () => ['json-keys-data', 'data'],
  'data versions': () => ['json-keys-data'],
};


function commandsWithJson(command: Command, path: string[] = []): string[] {
  const own = command.options.some((o) => o.long === '--json') ? [path.join(' ')] : [];
  return [...own, ...command.commands.flatMap((sub) => commandsWithJson(sub, [...path, sub.name()]))];
}

/** Paths (like `[0].info.run_id`) of keys that are not snake_case. */
function nonSnakeKeys(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => nonSnakeKeys(item, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(/^[a-z0-9]+(_[a-z0-9]+)*$/.test(key) ? [] : [`${at}.${key}`]),
    ...nonSnakeKeys(inner, `${at}.${key}`),
  ]);
}

const dialects = await testDialects('CLI --json tests');

for (const dialect of dialects) {
  describeOrSkip(`--json output is snake_case everywhere on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let world: World;
    const home = process.cwd();

    before(async () => {
      // Signed in as alice (an approver of fraud@production), so the promotions commands can run.
      server = await startTestServer({ backendStoreUri: dialect.uri() }, { authenticator: FAKE_AUTHENTICATOR });
      const env = { STRATA_TRACKING_URI: server.url };
      const { runId } = await createExperimentAndRun(server);
      const work = await mkdtemp(join(tmpdir(), 'strata-json-keys-'));
      await writeFile(join(work, 'notes.txt'), 'hello');
      await writeFile(join(work, 'gate.yaml'), 'name: json-keys\nrules:\n  - { lineage: dataset }\n  - { artifact: model/notes.txt }\n');
      const setupIn = async (cwd: string, ...argv: string[]) => {
        const result = await captureCli(argv, env, { cwd });
        assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      };
      const setup = (...argv: string[]) => setupIn(home, ...argv);
      await setup('artifacts', 'log', runId, join(work, 'notes.txt'), '--artifact-path', 'model');
      await setup('models', 'register', runId, 'model', '--name', 'fraud');
      await setup('models', 'register', runId, 'model', '--name', 'fraud');
      await setup('models', 'alias', 'set', 'fraud', 'challenger', '1');
      // The commands run as alice: she manages the model (setup ran as the open principal, which gets no creator grant).
      await server.post('/api/strata/v1/permissions/grant', { resource_type: 'model', resource_key: 'fraud', principal_name: 'alice', role: 'manager' });
      await server.post('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'd', digest: 'abcd1234', source_type: 'local', source: '/d' } }] });
      await server.post('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });

      const repo = createTempGitRepo();
      const remote = join(work, 'remote');
      repo.write('data/a.csv', 'a\n');
      repo.write('more/b.csv', 'b\n');
      await setupIn(repo.dir, 'data', 'add', 'data');
      await setupIn(repo.dir, 'data', 'remote', 'add', 'origin', remote, '--default');
      repo.commit('data v1');
      repo.write('data/a.csv', 'a changed\n');
      // A serving instance of fraud@challenger that served version 1 then 2, for the deployments commands.
      const dep = (await server.post('/api/strata/v1/deployments/register', { name: 'json-keys-dep', endpoint_url: 'http://serving:8080', host: 'serving', model_uri: 'models:/fraud@challenger' })).json.deployment;
      await server.post('/api/strata/v1/deployments/events', { deployment_id: dep.deployment_id, kind: 'started', to_version: '1', reason: 'initial load' });
      await server.post('/api/strata/v1/deployments/events', { deployment_id: dep.deployment_id, kind: 'switched', from_version: '1', to_version: '2', reason: 'alias moved' });
      const rule = '{approvals: 1, approvers: {users: [alice]}}';
      const policy = `model: fraud\nprotected_aliases:\n${['production', 'staging', 'canary', 'qa'].map((alias) => `  ${alias}: ${rule}\n`).join('')}`;
      await writeFile(join(work, 'policy.yaml'), policy);
      await setup('models', 'policy', 'apply', join(work, 'policy.yaml'));
      const request = async (who: string, alias: string) =>
        (await server.post('/api/strata/v1/promotions', { model: 'fraud', version: '1', alias, reason: 'r' }, asAdmin(who))).json.request.request_id as string;
      const promotions = { approve: await request('bob', 'production'), reject: await request('bob', 'staging'), cancel: await request('alice', 'canary') };
      world = { runId, work, repo, promotions };
    });
    after(async () => {
      await server?.close();
      world.repo.cleanup();
      await rm(world.work, { recursive: true, force: true });
      await dialect.drop();
    });

    it('every command with --json is checked here', () => {
      const ctx = new CliContext({}, { stdout: { write: () => true }, stderr: { write: () => true } }, home);
      const found = commandsWithJson(buildProgram(ctx)).sort();
      assert.deepEqual(found, Object.keys(INVOCATIONS).sort());
    });

    for (const [command, args] of Object.entries(INVOCATIONS)) {
      it(`strata ${command} --json`, async () => {
        const argv = [...command.split(' '), ...args(world), '--json'];
        const cwd = command.startsWith('data ') ? world.repo.dir : home;
        // The promotion commands run as alice (the policy's approver); everything else as an admin.
        const credentials = command.startsWith('promot')
          ? { MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 'x' }
          : { MLFLOW_TRACKING_USERNAME: 'root', MLFLOW_TRACKING_PASSWORD: 'fake-admin' };
        const result = await captureCli(argv, { STRATA_TRACKING_URI: server.url, ...credentials }, { cwd });
        assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
        const output: unknown = JSON.parse(result.stdout);
        assert.deepEqual(nonSnakeKeys(output), [], `${argv.join(' ')} printed ${result.stdout}`);
      });
    }
  });
}
