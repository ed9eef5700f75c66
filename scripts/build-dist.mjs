#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json), bundles the compiled CLI into dist/cli-bundle/
// (scripts/bundle-cli.mjs) and records what it was all built from (bin/source-manifest.js), so
// bin/strata.js can run the compiled JS — no tsx start-up, ~0.5 s less per command, and as a
// bundle another ~70 ms less — only while it matches src/.
//
//   node scripts/build-dist.mjs              `npm run build`: fails if tsc, the bundle or the dashboard fails
//   node scripts/build-dist.mjs --if-possible `prepare` (every npm install): never fails the
//                                             install; without a fresh build strata runs from source,
//                                             without a bundle from dist/cli/; skips the build
//                                             when dist/ is already fresh
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE_DIR, isDistFresh, removeManifest, stampSources, writeManifest } from '../bin/source-manifest.js';
import { bundleCli } from './bundle-cli.mjs';
import { buildWeb } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifPossible = process.argv.includes('--if-possible');
const require = createRequire(import.meta.url);

function installed(name) {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
}

function giveUp(reason) {
  console.error(`strata: dist/ not built (${reason}); \`strata\` runs from the TypeScript sources instead.`);
  process.exit(ifPossible ? 0 : 1);
}

/** The bundle is only a faster way to load dist/cli/: without it the build still stands. */
async function bundle() {
  const reason = await bundleCli(root);
  if (reason === undefined) return;
  console.error(`strata: CLI bundle not built (${reason}); \`strata\` runs dist/cli/main.js instead.`);
  if (!ifPossible) process.exitCode = 1;
}

// The dashboard (web/ -> dist/web/) has its own freshness check; without it the server answers
// `/` with a page saying how to build it, and the API is unaffected.
const webProblem = buildWeb(root);
if (webProblem !== undefined) {
  console.error(`strata: dashboard not built (${webProblem}); \`strata server\` serves the API only.`);
  if (!ifPossible) process.exitCode = 1;
}

// `prepare` also runs when npx links this checkout (`npx strata` in the project folder runs it
// on first use): a dist/ already built from these very sources is kept, not compiled again. Only
// a missing bundle (a dist/ built before bundles existed) is made, from that dist/, if it can be.
if (ifPossible && isDistFresh(root)) {
  const unbundled = existsSync(join(root, 'dist/cli/main.js')) && !existsSync(join(root, CLI_BUNDLE_DIR));
  if (unbundled && installed('esbuild')) await bundle();
  process.exit();
}

// A build that fails or is interrupted must not leave a manifest that vouches for it.
removeManifest(root);
const tsc = installed('typescript/bin/tsc');
if (!tsc) giveUp('typescript is not installed, e.g. npm install --omit=dev');
const before = stampSources(root);
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) giveUp(`tsc exited with ${result.status ?? result.signal}`);
const after = stampSources(root);
// A source edited while tsc ran may or may not be in dist/: vouch for nothing then.
if (JSON.stringify(after) !== JSON.stringify(before)) giveUp('sources changed during the build; run `npm run build` again');
// Bundled from dist/ (not src/), before the manifest: the manifest vouches for both.
await bundle();
writeManifest(root, after);
