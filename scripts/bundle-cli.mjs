// Bundles the compiled CLI (dist/cli/main.js) into dist/cli-bundle/ with esbuild; bin/strata.js
// runs that bundle. Node resolves, reads, compiles and links every module file on its own: from
// dist/cli/, `strata -V` loads 96 files and `strata data status` ~200 (with commander, yaml and
// kysely); from the bundle 9 and 15, and every command starts ~70 ms sooner. The bundle is the tsc output re-linked, not a second
// compilation of src/, so it behaves exactly as dist/ does (same manifest, same freshness).
//
// Called by scripts/build-dist.mjs only; esbuild is a devDependency, so a missing one is an
// ordinary outcome (bin/strata.js then runs dist/cli/main.js).
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BUNDLE_DIR } from '../bin/source-manifest.js';

/**
 * Entry points, as [dist file, name in the bundle]. Chunks land in the bundle's root folder, two
 * levels below the package like dist/cli/, so code that finds files relative to its own module
 * keeps working: `../../package.json` (cli/package-version.ts, server/main.ts) and the files below.
 */
const ENTRIES = [
  ['cli/main.js', 'main'],
  // FilePool starts its workers from `./hash-worker.js` beside its own module (src/data/file-pool.ts).
  ['data/hash-worker.js', 'hash-worker'],
  // `strata audit verify` checks stretches of the log in workers started from `./verify-worker.js` (src/cli/commands/audit/verify-threads.ts).
  ['cli/commands/audit/verify-worker.js', 'verify-worker'],
  // The SDK loads its Node half from `./node/…` beside its own module, through a computed specifier
  // esbuild does not follow (src/client/load-node-*.ts keep browser bundlers out of it).
  ['client/node/index.js', 'node/index'],
  ['client/node/log-dataset.js', 'node/log-dataset'],
];

/**
 * Stay in node_modules: native addons (better-sqlite3, BLAKE3, argon2), packages only the server or a remote loads, and fastify,
 * whose logger (pino) starts transport workers from files it finds by path, and @fastify/static
 * (the dashboard's file server, loaded only when a built dashboard exists). onnxruntime-node (strata serve's
 * runtime) loads its native binding by a path relative to its own files; pino (strata serve's logger) finds its
 * transport workers the same way.
 */
const EXTERNAL = ['better-sqlite3', 'pg', '@napi-rs/blake-hash', '@node-rs/argon2', '@aws-sdk/*', 'fastify', '@fastify/static', 'tsx', 'onnxruntime-node', 'pino'];

/**
 * Bundled CommonJS packages (commander, yaml) call require('node:…'); an ES module has no
 * `require`, so each chunk makes one (under an alias no bundled module declares).
 */
const BANNER = "import { createRequire as __strataCreateRequire } from 'node:module';\nconst require = __strataCreateRequire(import.meta.url);";

/**
 * Builds the bundle into a scratch folder and moves it into place in one rename, so
 * dist/cli-bundle/ is always a whole bundle or absent. Returns why it was not built, or undefined.
 */
export async function bundleCli(root) {
  const target = join(root, CLI_BUNDLE_DIR);
  const scratch = `${target}.partial`;
  rmSync(target, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') return 'esbuild is not installed, e.g. npm install --omit=dev';
    return `esbuild does not load: ${err instanceof Error ? err.message : String(err)}`;
  }
  try {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ENTRIES.map(([from, name]) => ({ in: join('dist', from), out: name })),
      outdir: scratch,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: EXTERNAL,
      banner: { js: BANNER },
      // Linked, not inline: every byte of a chunk is read at start-up. Maps chain through tsc's to src/.
      sourcemap: 'linked',
      // The maps point at src/ (in a checkout; the package ships dist/ only): copying the sources
      // into them would only add megabytes.
      sourcesContent: false,
      logLevel: 'warning',
    });
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    return `esbuild failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  const misplaced = nestedSelfRelative(scratch);
  if (misplaced) {
    rmSync(scratch, { recursive: true, force: true });
    return `${misplaced} resolves paths against its own URL but is not in the bundle's root folder`;
  }
  renameSync(scratch, target);
  return undefined;
}

/**
 * Splitting puts code that only one entry uses into that entry's file, so a module that finds
 * files beside itself could land in node/ and look in the wrong folder. Returns such a file.
 */
function nestedSelfRelative(dir, sub = '') {
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const rel = join(sub, entry.name);
    if (entry.isDirectory()) {
      const found = nestedSelfRelative(dir, rel);
      if (found) return found;
    } else if (sub !== '' && rel.endsWith('.js')) {
      if (readFileSync(join(dir, rel), 'utf8').slice(BANNER.length).includes('import.meta')) return rel;
    }
  }
  return undefined;
}
