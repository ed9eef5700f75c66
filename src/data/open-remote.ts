/**
 * Picks the DataRemote for a URL. Only folders are supported for now; `s3://` and
 * `strata://` are recognised and refused with a clear message until their stores exist.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from './data-error.js';
import type { DataRemote } from './data-remote.js';
import { LocalRemote } from './local-remote.js';

const PLANNED_SCHEMES = new Set(['s3', 'strata']);

function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
}

/** Throws UNSUPPORTED_REMOTE unless the URL names a kind of remote this build can use. */
export function checkRemoteUrl(url: string): void {
  const scheme = schemeOf(url);
  if (scheme === undefined || scheme === 'file') return;
  if (PLANNED_SCHEMES.has(scheme)) throw new DataError('UNSUPPORTED_REMOTE', `remote scheme ${scheme}:// not supported yet; use a local folder for now`);
  throw new DataError('UNSUPPORTED_REMOTE', `unknown remote scheme ${scheme}:// in ${url}; use a folder path`);
}

/** A relative folder path is relative to the repository root, so the committed config works in any clone. */
export function openRemote(url: string, repoRoot: string): DataRemote {
  checkRemoteUrl(url);
  const path = schemeOf(url) === 'file' ? fileURLToPath(url) : isAbsolute(url) ? url : resolve(repoRoot, url);
  return new LocalRemote(url, path);
}
