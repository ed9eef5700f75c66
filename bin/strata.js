#!/usr/bin/env node
// Entry point for `strata` / `npx strata`. Runs the compiled JS in dist/ when it was built
// from exactly the current sources (`npm install` builds it; see scripts/build-dist.mjs), and
// otherwise the TypeScript sources through tsx, so a checkout works with no build step and
// an edited source is never shadowed by stale JS. tsx costs ~0.5 s of start-up per command.
import { fileURLToPath } from 'node:url';
import { isDistFresh } from './source-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.env.STRATA_FROM_SOURCE !== '1' && isDistFresh(root)) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
