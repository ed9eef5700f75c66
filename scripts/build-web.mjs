#!/usr/bin/env node
// Builds the dashboard (web/, Vite) into dist/web/ and precompresses its text files (.br, .gz)
// so `strata server` sends them without compressing per request. Skipped when dist/web/ was
// built from exactly the inputs present now (web/, the SDK and the wire types it bundles).
//
//   node scripts/build-web.mjs        `npm run build:web`: fails if Vite fails
//   buildWeb(root)                     from scripts/build-dist.mjs (build and prepare)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const OUT = 'dist/web';
const STAMP = 'dist/.web-manifest.json';
/** What the bundle is made of: the app, and the SDK entry and wire types it imports. */
const INPUTS = ['web', 'src/client', 'src/api', 'src/core/errors.ts', 'package-lock.json'];
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;
const MIN_COMPRESS_BYTES = 1024;

function listFiles(root, rel) {
  const path = join(root, rel);
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [rel];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    return listFiles(root, `${rel}/${entry.name}`);
  });
}

function inputDigest(root) {
  const hash = createHash('sha256');
  for (const rel of INPUTS.flatMap((input) => listFiles(root, input)).sort()) {
    hash.update(rel).update('\0').update(readFileSync(join(root, rel))).update('\0');
  }
  return hash.digest('hex');
}

function isFresh(root, digest) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
    return stamp.digest === digest && existsSync(join(root, OUT, 'index.html'));
  } catch {
    return false;
  }
}

function compressAll(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) compressAll(path);
    else if (COMPRESSIBLE.test(entry.name) && statSync(path).size >= MIN_COMPRESS_BYTES) {
      const bytes = readFileSync(path);
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
  }
}

/** Builds dist/web/ unless it is fresh; returns why it was not built, or undefined. */
export function buildWeb(root, { force = false } = {}) {
  // A copy of the package without the dashboard's sources (dist/web/ shipped prebuilt) has nothing to build.
  if (!existsSync(join(root, 'web', 'vite.config.mjs'))) return undefined;
  const require = createRequire(join(root, 'package.json'));
  let viteBin;
  try {
    viteBin = join(require.resolve('vite/package.json'), '..', 'bin', 'vite.js');
  } catch {
    return 'vite is not installed, e.g. npm install --omit=dev';
  }
  const digest = inputDigest(root);
  if (!force && isFresh(root, digest)) return undefined;
  // Two test files (or a test and `npm run build:web`) may ask at once: one builds, the others
  // wait for it and find the build fresh (vite itself refuses a second build of the project).
  const release = takeBuildLock(root);
  try {
    if (!force && isFresh(root, digest)) return undefined;
    const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.mjs', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) return `vite build exited with ${result.status ?? result.signal}`;
    compressAll(join(root, OUT));
    writeFileSync(join(root, STAMP), JSON.stringify({ version: 1, digest }));
    console.error(`strata: dashboard built into ${relative(root, join(root, OUT))}/`);
    return undefined;
  } finally {
    release();
  }
}

const LOCK_STALE_MS = 10 * 60_000;

/** A lock directory (mkdir is atomic); a lock older than a build could take is a crashed builder's. */
function takeBuildLock(root) {
  const lock = join(root, 'dist', '.web-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const problem = buildWeb(root, { force: process.argv.includes('--force') });
  if (problem !== undefined) {
    console.error(`strata: dashboard not built (${problem})`);
    process.exit(1);
  }
}
