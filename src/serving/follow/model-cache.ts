/**
 * The serving cache's layout: `<cache>/<model>/<version>/` holds a version's model directory,
 * complete once it holds `.strata-complete` (written after every file was downloaded and
 * verified); `<cache>/<model>/@<alias>` names the version last served for the alias, so a
 * process that starts while the tracking server is unreachable (or a container built by
 * `strata models build-docker`) serves that version until the registry answers.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const COMPLETE_MARKER = '.strata-complete';

/** ~/.strata/serving when the home directory is writable, else under the OS temp dir. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? homedir();
  return home ? join(home, '.strata', 'serving') : join(tmpdir(), 'strata-serving');
}

export function versionDir(cacheDir: string, name: string, version: string): string {
  return join(cacheDir, safeSegment(name), safeSegment(version));
}

export async function isComplete(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, COMPLETE_MARKER))).isFile();
  } catch {
    return false;
  }
}

export async function markComplete(dir: string): Promise<void> {
  await writeFile(join(dir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
}

export async function rememberAliasVersion(cacheDir: string, name: string, alias: string, version: string): Promise<void> {
  await mkdir(join(cacheDir, safeSegment(name)), { recursive: true });
  await writeFile(aliasFile(cacheDir, name, alias), `${version}\n`);
}

/** The cached version last served for `alias` (or the pinned `version`), if complete. */
export async function cachedVersion(
  cacheDir: string,
  name: string,
  pick: { alias: string } | { version: string },
): Promise<{ version: string; dir: string } | undefined> {
  let version: string;
  if ('version' in pick) {
    version = pick.version;
  } else {
    try {
      version = (await readFile(aliasFile(cacheDir, name, pick.alias), 'utf8')).trim();
    } catch {
      return undefined;
    }
  }
  const dir = versionDir(cacheDir, name, version);
  return (await isComplete(dir)) ? { version, dir } : undefined;
}

function aliasFile(cacheDir: string, name: string, alias: string): string {
  return join(cacheDir, safeSegment(name), `@${safeSegment(alias)}`);
}

/** A name or version as one directory name (registry names may hold `/` or `..`). */
function safeSegment(value: string): string {
  return encodeURIComponent(value).replaceAll('.', '%2E');
}
