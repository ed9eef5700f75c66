// `npm run build` in a copy of this checkout, then `strata` as users run it. bin/strata.js must
// run the esbuild bundle (dist/cli-bundle/, scripts/bundle-cli.mjs), and what finds files
// relative to its own module must find them from inside the bundle too: the package version
// (../../package.json), FilePool's hash workers (./hash-worker.js), the SDK's Node half
// (./node/index.js) and the server. An edited source still wins over any build. The build
// (tsc) takes ~25 s, so every check of the built CLI shares this one. SQLite only: the bundle
// is under test, and one build is all the time this suite can spend.
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';
import { spawnServerProcess } from '../helpers/spawn-server-process.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const OBSERVE_WORKERS = join(repo, 'test/helpers/observe-file-workers.mjs');
/** What the build reads; node_modules is linked, not copied. */
const COPIED = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', 'src'];

/** Packages the files a bundle file statically imports load, following its imports of chunks. */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(/^import\s+(?:[^;]*?\s+from\s+)?["']([^"']+)["'];?$/gms)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('.')) staticPackages(resolve(dirname(file), specifier), seen).forEach((p) => packages.add(p));
    else packages.add(specifier);
  }
  return packages;
}

describe('the CLI bundle, after npm run build', () => {
  const project = mkdtempSync(join(tmpdir(), 'strata-bundle-'));
  const bin = join(project, 'bin/strata.js');
  const data = createTempGitRepo();
  const env = { ...process.env, STRATA_FROM_SOURCE: '' };
  const strata = (args: string[], options: { cwd?: string; preload?: string } = {}) => {
    const preload = options.preload ? ['--import', options.preload] : [];
    return spawnSync(process.execPath, [...preload, bin, ...args], { cwd: options.cwd ?? project, env, encoding: 'utf8' });
  };
  after(() => {
    rmSync(project, { recursive: true, force: true });
    data.cleanup();
  });
  before(() => {
    for (const rel of COPIED) cpSync(join(repo, rel), join(project, rel), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'), 'dir');
    const build = spawnSync(process.execPath, ['scripts/build-dist.mjs'], { cwd: project, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stdout + build.stderr);
    // Only the bundle and the manifest stay: whatever runs below ran from the bundle, and the
    // bundle needs nothing else from dist/.
    for (const entry of readdirSync(join(project, 'dist'))) {
      if (entry !== 'cli-bundle' && entry !== '.source-manifest.json') rmSync(join(project, 'dist', entry), { recursive: true });
    }
  }, { timeout: 300_000 });

  it('-V prints the version from package.json', () => {
    const run = strata(['-V']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${version}\n`);
  });

  it('--help and artifacts --help load no data engine, SDK, driver or server', () => {
    for (const args of [['--help'], ['artifacts', '--help']]) {
      const run = strata(args);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Usage: strata/);
    }
    const loaded = [...staticPackages(join(project, 'dist/cli-bundle/main.js'))];
    const heavy = loaded.filter((p) => /^(@napi-rs\/blake-hash|@aws-sdk\/|better-sqlite3|pg|fastify)/.test(p));
    assert.deepEqual(heavy, []);
  });

  // What `strata data …` (src/data), `server`, `db` and `artifacts` load when they run: bundling
  // must keep the AWS SDK and the PostgreSQL driver behind their own dynamic imports.
  it('the parts main.js loads on demand load no AWS SDK or PostgreSQL driver up front', () => {
    const main = join(project, 'dist/cli-bundle/main.js');
    const lazy = [...readFileSync(main, 'utf8').matchAll(/\bimport\("(\.[^"]+)"\)/g)].map((m) => resolve(dirname(main), m[1] ?? ''));
    assert.ok(lazy.length >= 4, `dynamic imports in main.js: ${lazy.join(', ')}`);
    const loaded = lazy.flatMap((file) => [...staticPackages(file)]);
    assert.ok(loaded.includes('@napi-rs/blake-hash') && loaded.includes('fastify'), 'the data engine and the server are among them');
    assert.deepEqual(loaded.filter((p) => p.startsWith('@aws-sdk/') || p === 'pg'), []);
  });

  it('data add hashes in worker threads started from the bundle', () => {
    // More files than FilePool hashes inline, so it starts a worker.
    for (let i = 0; i < 1600; i++) data.write(`images/${i}.txt`, `image ${i}`);
    const add = strata(['data', 'add', 'images'], { cwd: data.dir, preload: OBSERVE_WORKERS });
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /added images .*1600 files/);
    assert.match(add.stderr, /file worker ready/);
    assert.doesNotMatch(add.stderr, /file worker (failed|exited)/);
    const status = strata(['data', 'status', 'images'], { cwd: data.dir });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /in sync/);
  });

  it('serves (version from package.json), and logs artifacts through the SDK\'s Node half', async () => {
    const server = await spawnServerProcess(
      ['--backend-store-uri', `sqlite:///${join(project, 'strata.db')}`, '--serve-artifacts', '--artifacts-destination', join(project, 'artifacts')],
      env,
      bin,
    );
    try {
      assert.equal(await (await fetch(`${server.url}/health`)).text(), 'OK');
      assert.deepEqual(await (await fetch(`${server.url}/api/strata/v1/version`)).json(), { version });
      const created = await fetch(`${server.url}/api/2.0/mlflow/runs/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ experiment_id: '0', start_time: Date.now() }),
      });
      assert.equal(created.status, 200);
      const runId = ((await created.json()) as { run: { info: { run_id: string } } }).run.info.run_id;
      writeFileSync(join(project, 'model.txt'), 'weights');
      const logged = strata(['--tracking-uri', server.url, 'artifacts', 'log', runId, join(project, 'model.txt')]);
      assert.equal(logged.status, 0, logged.stderr);
      const listed = strata(['--tracking-uri', server.url, 'artifacts', 'list', runId]);
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /model\.txt/);
      // Two checkpoints with events between: `audit verify --threads 2` checks the second stretch
      // in a worker started from the bundle (./verify-worker.js); a worker that fails to load is exit 2.
      assert.equal(strata(['--tracking-uri', server.url, 'audit', 'checkpoint']).status, 0);
      const another = await fetch(`${server.url}/api/2.0/mlflow/runs/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ experiment_id: '0', start_time: Date.now() }),
      });
      assert.equal(another.status, 200);
      assert.equal(strata(['--tracking-uri', server.url, 'audit', 'checkpoint']).status, 0);
      const verified = strata(['--tracking-uri', server.url, 'audit', 'verify', '--threads', '2']);
      assert.equal(verified.status, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /^OK: \d+ events verified \(sequences 1\.\.\d+\), 2 signed checkpoints matched/);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
  });

  // Last: it makes the build stale for good.
  it('an edited source after the build runs from the sources', () => {
    const file = join(project, 'src/cli/package-version.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/return \(JSON[^;]*;/, "return 'edited';"));
    const run = strata(['-V']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'edited\n');
  });
});
