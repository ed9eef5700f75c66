// The package as users get it: `npm pack`, then `npm install <tarball>` into a scratch project.
// `strata` (through the project's node_modules/.bin and npx) and the SDK (`strata-mlops/client`)
// must run the compiled dist/ the package ships, with nothing from src/ and no tsx.
//
// The install resolves the package's dependencies as a user's would (from the npm cache, else
// the registry), with --ignore-scripts: better-sqlite3 would otherwise compile for ~2 minutes, so
// it is pinned to this checkout's version and gets this checkout's compiled addon instead (built
// for the Node running the tests). Packing takes this checkout's dist/ when it is fresh, else a
// build in a copy (~25 s). The whole file takes ~30-60 s, most of it npm install.
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDistFresh } from '../../bin/source-manifest.js';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';
import { spawnServerProcess, type ServerProcess } from '../helpers/spawn-server-process.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
const SQLITE = 'better-sqlite3';
const sqliteVersion = (JSON.parse(readFileSync(join(repo, 'node_modules', SQLITE, 'package.json'), 'utf8')) as { version: string }).version;
/** What a build of dist/ reads and what the package ships, for packing from a copy. */
const COPIED = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', 'src', 'docs', 'README.md'];

/** npm run by the Node that runs these tests (npm's `#!/usr/bin/env node` finds it first). */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  return spawnSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', env: { ...process.env, PATH } });
}

describe(`the packed package (${manifest.name}), installed into a project`, { timeout: 600_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-package-'));
  const app = join(scratch, 'app');
  const installed = join(app, 'node_modules', manifest.name);
  const env = { ...process.env, STRATA_FROM_SOURCE: '', STRATA_DEBUG_ENTRY: '1' };
  const strata = (args: string[], cwd = app) =>
    spawnSync(process.execPath, [join(app, 'node_modules/.bin/strata'), ...args], { cwd, env, encoding: 'utf8' });
  const data = createTempGitRepo();
  let server: ServerProcess | undefined;
  after(async () => {
    if (server) {
      server.kill('SIGTERM');
      await server.exited;
    }
    rmSync(scratch, { recursive: true, force: true });
    data.cleanup();
  });

  before(() => {
    // A stale dist/ in this checkout (an edit since the last build) is never packed: build a copy.
    let from = repo;
    if (!isDistFresh(repo)) {
      from = join(scratch, 'checkout');
      for (const rel of COPIED) cpSync(join(repo, rel), join(from, rel), { recursive: true });
      symlinkSync(join(repo, 'node_modules'), join(from, 'node_modules'), 'dir');
      const build = spawnSync(process.execPath, ['scripts/build-dist.mjs'], { cwd: from, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stdout + build.stderr);
    }
    // --ignore-scripts: prepack would compile dist/ again, and it is fresh.
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], from);
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = join(scratch, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);

    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', overrides: { [SQLITE]: sqliteVersion } }));
    const install = npm(['install', tarball, '--ignore-scripts', '--prefer-offline'], app);
    assert.equal(install.status, 0, install.stdout + install.stderr);
    const addon = `node_modules/${SQLITE}/build/Release/better_sqlite3.node`;
    mkdirSync(dirname(join(app, addon)), { recursive: true });
    copyFileSync(join(repo, addon), join(app, addon));
  });

  it('ships dist/ and no sources, tests or TypeScript configs', () => {
    for (const rel of ['bin/strata.js', 'dist/cli-bundle/main.js', 'dist/client/index.js', 'dist/client/index.d.ts', 'README.md']) {
      assert.ok(existsSync(join(installed, rel)), `${rel} is in the package`);
    }
    for (const rel of ['src', 'test', 'tsconfig.json', 'tsconfig.build.json', 'scripts']) {
      assert.ok(!existsSync(join(installed, rel)), `${rel} is not in the package`);
    }
  });

  it('strata --version runs the CLI bundle from dist/', () => {
    const run = strata(['--version']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${manifest.version}\n`);
    assert.equal(run.stderr, 'strata: running dist/cli-bundle/main.js (installed package: no src/)\n');
  });

  it('npx strata finds the project\'s copy', () => {
    const run = npm(['exec', '--offline', '--', 'strata', '--version'], app);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${manifest.version}\n`);
  });

  it('strata data add hashes with the installed BLAKE3 addon', () => {
    data.write('train/a.csv', 'x,y\n1,2\n');
    for (const args of [['data', 'init'], ['data', 'add', 'train']]) {
      const run = strata(args, data.dir);
      assert.equal(run.status, 0, run.stderr);
    }
    assert.match(readFileSync(join(data.dir, 'train.strata'), 'utf8'), /[0-9a-f]{64}/);
  });

  it('strata server (SQLite) takes a run logged through the SDK imported from strata-mlops/client', async () => {
    server = await spawnServerProcess(['--backend-store-uri', `sqlite:///${join(scratch, 'strata.db')}`, '--default-artifact-root', join(scratch, 'artifacts')], env, join(installed, 'bin/strata.js'));
    assert.match(server.output(), /strata: running dist\/cli-bundle\/main\.js/);
    writeFileSync(
      join(app, 'train.mjs'),
      [
        `import { StrataClient } from '${manifest.name}/client';`,
        'const client = new StrataClient({ trackingUri: process.argv[2] });',
        "const run = await client.startRun({ experiment: 'packaged', name: 'smoke', params: { lr: 0.01 } });",
        "for (let step = 0; step < 10; step++) run.logMetric('loss', 1 / (step + 1), step);",
        'await run.end();',
        `console.log(JSON.stringify({ runId: run.runId, client: import.meta.resolve('${manifest.name}/client') }));`,
      ].join('\n'),
    );
    const sdk = spawnSync(process.execPath, ['train.mjs', server.url], { cwd: app, encoding: 'utf8' });
    assert.equal(sdk.status, 0, sdk.stderr);
    const { runId, client } = JSON.parse(sdk.stdout) as { runId: string; client: string };
    assert.equal(fileURLToPath(client), join(installed, 'dist/client/index.js'));
    const got = (await (await fetch(`${server.url}/api/2.0/mlflow/runs/get?run_id=${runId}`)).json()) as {
      run: { info: { status: string }; data: { metrics: Array<{ key: string; value: number; step: number }> } };
    };
    assert.equal(got.run.info.status, 'FINISHED');
    assert.deepEqual(got.run.data.metrics.map((m) => [m.key, m.step]), [['loss', 9]]);
  });
});
