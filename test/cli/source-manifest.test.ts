import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDistFresh, removeManifest, stampSources, writeManifest } from '../../bin/source-manifest.js';

// bin/strata.js runs dist/ only while isDistFresh says it was built from today's sources.
describe('dist/ freshness (bin/source-manifest.js)', () => {
  const root = mkdtempSync(join(tmpdir(), 'strata-manifest-'));
  const write = (rel: string, text: string): void => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const build = (): void => writeManifest(root, stampSources(root));
  after(() => rmSync(root, { recursive: true, force: true }));
  before(() => {
    write('tsconfig.json', '{}');
    write('tsconfig.build.json', '{}');
    write('src/cli/main.ts', 'export {};');
    write('src/data/a.ts', 'export const a = 1;');
    mkdirSync(join(root, 'dist'));
  });

  it('is fresh right after a build, and not without one', () => {
    assert.equal(isDistFresh(root), false);
    build();
    assert.equal(isDistFresh(root), true);
    removeManifest(root);
    assert.equal(isDistFresh(root), false);
  });

  it('an edited source makes it stale, even with the same size and mtime', () => {
    build();
    write('src/data/a.ts', 'export const a = 2;');
    utimesSync(join(root, 'src/data/a.ts'), 1_000, 1_000);
    assert.equal(isDistFresh(root), false);
  });

  it('a touched but unchanged source (git checkout, npm pack) keeps it fresh', () => {
    build();
    utimesSync(join(root, 'src/data/a.ts'), 2_000, 2_000);
    assert.equal(isDistFresh(root), true);
  });

  it('an added or removed source, or a changed tsconfig, makes it stale; tests do not count', () => {
    build();
    write('src/data/a.test.ts', 'test');
    assert.equal(isDistFresh(root), true);
    write('src/data/b.ts', 'export const b = 1;');
    assert.equal(isDistFresh(root), false);
    rmSync(join(root, 'src/data/b.ts'));
    assert.equal(isDistFresh(root), true);
    rmSync(join(root, 'src/data/a.ts'));
    assert.equal(isDistFresh(root), false);
    write('src/data/a.ts', 'export const a = 2;');
    build();
    write('tsconfig.build.json', '{"compilerOptions":{}}');
    assert.equal(isDistFresh(root), false);
  });

  // `npx strata` in the project folder runs `prepare` again on first use; it must not recompile
  // (or, without typescript at hand, drop) a dist/ that is already fresh.
  it('prepare keeps a fresh dist/ as it is', () => {
    const repo = fileURLToPath(new URL('../../', import.meta.url));
    for (const rel of ['scripts/build-dist.mjs', 'scripts/bundle-cli.mjs', 'scripts/build-web.mjs', 'bin/source-manifest.js']) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      copyFileSync(join(repo, rel), join(root, rel));
    }
    build();
    const run = spawnSync(process.execPath, [join(root, 'scripts/build-dist.mjs'), '--if-possible'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(existsSync(join(root, 'dist/.source-manifest.json')), true);
    assert.equal(isDistFresh(root), true);
  });
});

// Which build bin/strata.js runs, in a stand-in project whose dist/ is hand-written (no tsc):
// test/cli/cli-bundle.test.ts runs the real build.
describe('bin/strata.js and the CLI bundle (scripts/bundle-cli.mjs)', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const root = mkdtempSync(join(tmpdir(), 'strata-bundle-pick-'));
  const write = (rel: string, text: string): void => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  /** What `strata` prints: the stand-in CLI prints the folder it was loaded from. */
  const strata = (): string => {
    const run = spawnSync(process.execPath, [join(root, 'bin/strata.js')], { encoding: 'utf8', env: { ...process.env, STRATA_FROM_SOURCE: '' } });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.trim();
  };
  after(() => rmSync(root, { recursive: true, force: true }));
  before(() => {
    for (const rel of ['scripts/build-dist.mjs', 'scripts/bundle-cli.mjs', 'scripts/build-web.mjs', 'bin/source-manifest.js', 'bin/strata.js']) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      copyFileSync(join(repo, rel), join(root, rel));
    }
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    write('package.json', '{"type":"module"}');
    write('tsconfig.json', '{}');
    write('tsconfig.build.json', '{}');
    write('src/cli/main.ts', 'export {};');
    // What tsc would have compiled it to, and the other entry points the bundle takes.
    write('dist/cli/main.js', "console.log(new URL('.', import.meta.url).pathname);");
    write('dist/data/hash-worker.js', 'export {};');
    write('dist/cli/commands/audit/verify-worker.js', 'export {};');
    write('dist/client/node/index.js', 'export {};');
    write('dist/client/node/log-dataset.js', 'export {};');
    writeManifest(root, stampSources(root));
  });

  // A dist/ built before bundles existed (or without esbuild) gets its bundle on the next
  // `npm install`, made from that dist/ as it is: no tsc run.
  it('prepare bundles a fresh dist/ that has none, without compiling it again', () => {
    const compiled = statSync(join(root, 'dist/cli/main.js')).mtimeMs;
    const run = spawnSync(process.execPath, [join(root, 'scripts/build-dist.mjs'), '--if-possible'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(existsSync(join(root, 'dist/cli-bundle/main.js')), true);
    assert.equal(existsSync(join(root, 'dist/cli-bundle/hash-worker.js')), true);
    assert.equal(existsSync(join(root, 'dist/cli-bundle/verify-worker.js')), true);
    assert.equal(statSync(join(root, 'dist/cli/main.js')).mtimeMs, compiled);
    assert.equal(isDistFresh(root), true);
  });

  it('runs the bundle when there is one, else dist/cli/main.js, and neither when dist/ is stale', () => {
    assert.equal(strata(), join(root, 'dist/cli-bundle/'));
    rmSync(join(root, 'dist/cli-bundle'), { recursive: true });
    assert.equal(strata(), join(root, 'dist/cli/'));
    // Stale: the TypeScript source runs (through tsx), and it prints nothing.
    write('src/cli/main.ts', 'export const edited = true;');
    assert.equal(strata(), '');
  });

  // What npm installs from the tarball: dist/ and no src/ (package.json "files"), so no manifest
  // to check against, and dist/ is all there is to run.
  it('runs dist/ in an installed package (no src/), and STRATA_DEBUG_ENTRY=1 says which entry and why', () => {
    const env = { ...process.env, STRATA_FROM_SOURCE: '', STRATA_DEBUG_ENTRY: '1' };
    const debug = () => spawnSync(process.execPath, [join(root, 'bin/strata.js')], { encoding: 'utf8', env });
    assert.equal(debug().stderr, 'strata: running src/cli/main.ts through tsx (dist/ was not built from the current src/)\n');
    rmSync(join(root, 'src'), { recursive: true });
    const run = debug();
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), join(root, 'dist/cli/'));
    assert.equal(run.stderr, 'strata: running dist/cli/main.js (installed package: no src/; no CLI bundle)\n');
  });
});

