/**
 * `.strata/config`, a committed YAML file. Edits go through yaml's Document API so comments
 * and key order a person wrote by hand survive `strata data remote add`.
 *
 *   version: 1
 *   cache:
 *     links: [reflink, copy]   # tried in order when placing files; hardlink is opt-in
 *   remotes:
 *     backup: { url: /mnt/backup/strata }
 *   defaultRemote: backup
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseDocument, type Document } from 'yaml';
import { DataError } from './data-error.js';
import type { LinkType } from './file-ops.js';

export interface RemoteConfig {
  name: string;
  url: string;
}

export interface DataConfig {
  links: LinkType[];
  remotes: RemoteConfig[];
  defaultRemote: string | undefined;
}

/**
 * Reflink or copy, never hardlink, unless a repository opts in: a hardlinked workspace file
 * *is* the cache object, and one in-place write (`echo … >> file`, which root can do to a
 * read-only file) silently rewrites the committed version's bytes. DVC chose the same default.
 */
export const DEFAULT_LINKS: LinkType[] = ['reflink', 'copy'];
const LINK_TYPES: readonly string[] = ['reflink', 'hardlink', 'copy'];

export function defaultConfigText(): string {
  return [
    '# Strata data configuration (committed). See src/data/README.md.',
    'version: 1',
    'cache:',
    '  # How files are placed between the cache and the workspace, tried in order.',
    '  # Adding hardlink saves space and time, but then a workspace file is the cache object:',
    '  # run `strata data unprotect PATH` before editing it in place.',
    `  links: [${DEFAULT_LINKS.join(', ')}]`,
    'remotes: {}',
    '',
  ].join('\n');
}

function invalid(path: string, what: string): DataError {
  return new DataError('INVALID_CONFIG', `${path}: ${what}; fix the file by hand (see src/data/README.md)`);
}

export function readConfigDocument(path: string): Document {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  if (doc.errors.length > 0) throw invalid(path, `not valid YAML (${doc.errors[0]?.message ?? ''})`);
  return doc;
}

export function readConfig(path: string): DataConfig {
  const raw: unknown = readConfigDocument(path).toJS() ?? {};
  if (typeof raw !== 'object' || raw === null) throw invalid(path, 'expected a mapping');
  const obj = raw as Record<string, unknown>;
  return {
    links: parseLinks(path, (obj.cache as Record<string, unknown> | undefined)?.links),
    remotes: parseRemotes(path, obj.remotes),
    defaultRemote: typeof obj.defaultRemote === 'string' ? obj.defaultRemote : undefined,
  };
}

function parseLinks(path: string, value: unknown): LinkType[] {
  if (value === undefined) return DEFAULT_LINKS;
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((l) => LINK_TYPES.includes(String(l)))) {
    throw invalid(path, `cache.links must list some of ${LINK_TYPES.join(', ')}`);
  }
  return list as LinkType[];
}

function parseRemotes(path: string, value: unknown): RemoteConfig[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object') throw invalid(path, 'remotes must be a mapping of name to { url }');
  return Object.entries(value as Record<string, unknown>).map(([name, entry]) => {
    const url = (entry as { url?: unknown } | null)?.url;
    if (typeof url !== 'string') throw invalid(path, `remote "${name}" has no url`);
    return { name, url };
  });
}

/** Applies an edit to the config document and writes it back atomically. */
export function editConfig(path: string, edit: (doc: Document) => void): void {
  const doc = readConfigDocument(path);
  edit(doc);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, doc.toString());
  renameSync(tmp, path);
}
