#!/usr/bin/env node
// Entry point for `strata` / `npx strata`.
//
// An installed package (`npm install strata-mlops`) ships the compiled JS in dist/ and no src/:
// it runs dist/, as there is nothing else to run. In a checkout it runs dist/ only when it was
// built from exactly the current sources (`npm install` builds it; see scripts/build-dist.mjs),
// and otherwise the TypeScript sources through tsx, so a checkout works with no build step and
// an edited source is never shadowed by stale JS. tsx costs ~0.5 s of start-up per command.
// Of dist/, it runs the CLI bundle (scripts/bundle-cli.mjs): ~10 files to load instead of
// 100–200 modules, ~70 ms less per command. Without esbuild there is none: dist/cli/main.js.
//
// STRATA_DEBUG_ENTRY=1 prints which entry point runs, and why, to stderr.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_BUNDLE_DIR, isDistFresh } from './source-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** [file to import, relative to the package root, reason]; a .ts file runs through tsx. */
function pickEntry() {
  if (process.env.STRATA_FROM_SOURCE === '1') return ['src/cli/main.ts', 'STRATA_FROM_SOURCE=1'];
  let why;
  if (!existsSync(join(root, 'src'))) why = 'installed package: no src/';
  else if (isDistFresh(root)) why = 'dist/ was built from the current src/';
  else return ['src/cli/main.ts', 'dist/ was not built from the current src/'];
  const bundle = `${CLI_BUNDLE_DIR}/main.js`;
  return existsSync(join(root, bundle)) ? [bundle, why] : ['dist/cli/main.js', `${why}; no CLI bundle`];
}

const [entry, why] = pickEntry();
if (process.env.STRATA_DEBUG_ENTRY === '1') {
  process.stderr.write(`strata: running ${entry}${entry.endsWith('.ts') ? ' through tsx' : ''} (${why})\n`);
}
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(pathToFileURL(join(root, entry)).href);
