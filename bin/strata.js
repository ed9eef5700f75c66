#!/usr/bin/env node
// Entry point for `strata` / `npx strata`. Runs the compiled JS in dist/ when it was built
// from exactly the current sources (`npm install` builds it; see scripts/build-dist.mjs), and
// otherwise the TypeScript sources through tsx, so a checkout works with no build step and
// an edited source is never shadowed by stale JS. tsx costs ~0.5 s of start-up per command.
// Of dist/, it runs the CLI bundle (scripts/bundle-cli.mjs): ~10 files to load instead of
// 100–200 modules, ~70 ms less per command. Without esbuild there is none: dist/cli/main.js.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_BUNDLE_DIR, isDistFresh } from './source-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.env.STRATA_FROM_SOURCE !== '1' && isDistFresh(root)) {
  const bundle = join(root, CLI_BUNDLE_DIR, 'main.js');
  await import(existsSync(bundle) ? pathToFileURL(bundle).href : '../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
