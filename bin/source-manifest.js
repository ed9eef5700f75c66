// Which sources a build of dist/ was made from, so bin/strata.js runs dist/ only when it is
// exactly what src/ would compile to today (never stale code), and tsx otherwise.
//
// The manifest lists every compiled source (src/**/*.ts without tests, plus the tsconfig
// files) with its size, mtime and SHA-256. Checking it costs one readdir per folder and one
// stat per file; a file whose mtime moved (git checkout, npm pack) is hashed to tell a real
// edit from a touch.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = 'dist/.source-manifest.json';
/**
 * The CLI bundled from dist/ (scripts/bundle-cli.mjs). It is made in the same build, before the
 * manifest is written, so the manifest vouches for it too; it is absent when esbuild was not.
 */
export const CLI_BUNDLE_DIR = 'dist/cli-bundle';
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** Sources tsconfig.build.json compiles: src/**\/*.ts except tests and contract suites. */
function listSources(root, dir = 'src') {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...listSources(root, rel));
    else if (rel.endsWith('.ts') && !rel.endsWith('.test.ts') && !rel.endsWith('.contract.ts')) found.push(rel);
  }
  return found;
}

function sha256(root, rel) {
  return createHash('sha256').update(readFileSync(join(root, rel))).digest('hex');
}

/** [path, size, mtimeMs, sha256] for every input of the build, sorted by path. */
export function stampSources(root) {
  return [...listSources(root), ...CONFIGS].sort().map((rel) => {
    const st = statSync(join(root, rel));
    return [rel, st.size, st.mtimeMs, sha256(root, rel)];
  });
}

export function writeManifest(root, stamps) {
  writeFileSync(join(root, MANIFEST), JSON.stringify({ version: 1, files: stamps }));
}

export function removeManifest(root) {
  rmSync(join(root, MANIFEST), { force: true });
}

/** True only if dist/ was built from exactly the sources and configs present now. */
export function isDistFresh(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  if (manifest?.version !== 1 || !Array.isArray(manifest.files)) return false;
  const now = [...listSources(root), ...CONFIGS].sort();
  if (now.length !== manifest.files.length) return false;
  return manifest.files.every(([rel, size, mtimeMs, hash], i) => {
    if (rel !== now[i]) return false;
    const st = statSync(join(root, rel), { throwIfNoEntry: false });
    if (!st || st.size !== size) return false;
    return st.mtimeMs === mtimeMs || sha256(root, rel) === hash;
  });
}
