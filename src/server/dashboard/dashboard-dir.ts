/**
 * Where the built dashboard is: `dist/web/` of the package this module belongs to. Found by
 * walking up to the package's package.json, so it holds from src/ (tsx), from dist/ (tsc) and
 * from the CLI bundle (dist/cli-bundle/), which sit at different depths.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_SUBDIR = join('dist', 'web');
/** The npm package's name (package.json): the folder that holds it is the package root. */
export const PACKAGE_NAME = 'strata-mlops';

export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isStrataPackage(manifest)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isStrataPackage(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

export function defaultDashboardDir(): string | undefined {
  const root = packageRoot();
  return root === undefined ? undefined : join(root, DASHBOARD_SUBDIR);
}
