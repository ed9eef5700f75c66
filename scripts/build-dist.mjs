#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json) and records what it was compiled from
// (bin/source-manifest.js), so bin/strata.js can run the compiled JS — no tsx start-up,
// ~0.5 s less per command — only while it matches src/.
//
//   node scripts/build-dist.mjs              `npm run build`: fails if tsc fails
//   node scripts/build-dist.mjs --if-possible `prepare` (every npm install): never fails the
//                                             install; without a fresh build strata runs from source;
//                                             skips the build when dist/ is already fresh
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isDistFresh, removeManifest, stampSources, writeManifest } from '../bin/source-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifPossible = process.argv.includes('--if-possible');

function giveUp(reason) {
  console.error(`strata: dist/ not built (${reason}); \`strata\` runs from the TypeScript sources instead.`);
  process.exit(ifPossible ? 0 : 1);
}

// `prepare` also runs when npx links this checkout (`npx strata` in the project folder runs it
// on first use): a dist/ already built from these very sources is kept, not compiled again.
if (ifPossible && isDistFresh(root)) process.exit(0);

// A build that fails or is interrupted must not leave a manifest that vouches for it.
removeManifest(root);
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  giveUp('typescript is not installed, e.g. npm install --omit=dev');
}
const before = stampSources(root);
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) giveUp(`tsc exited with ${result.status ?? result.signal}`);
const after = stampSources(root);
// A source edited while tsc ran may or may not be in dist/: vouch for nothing then.
if (JSON.stringify(after) !== JSON.stringify(before)) giveUp('sources changed during the build; run `npm run build` again');
writeManifest(root, after);
