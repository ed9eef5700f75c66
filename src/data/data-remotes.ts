/** `strata data remote add|remove|list|default`: remotes kept in `.strata/config`. */
import { DataError } from './data-error.js';
import { editConfig, readConfig, type RemoteConfig } from './data-config.js';
import { openDataRepo } from './data-repo.js';
import type { DataOptions } from './data-session.js';
import { checkRemoteUrl } from './open-remote.js';

export interface RemoteInfo extends RemoteConfig {
  isDefault: boolean;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function configPath(options: DataOptions): string {
  return openDataRepo(options.cwd).configPath;
}

export function listRemotes(options: DataOptions): RemoteInfo[] {
  const config = readConfig(configPath(options));
  return config.remotes.map((r) => ({ ...r, isDefault: r.name === config.defaultRemote }));
}

/** Adds a remote; the first one added becomes the default unless another is set. */
export function addRemote(name: string, url: string, setDefault = false, options: DataOptions): RemoteInfo {
  if (!NAME_PATTERN.test(name)) {
    throw new DataError('INVALID_CONFIG', `remote name "${name}" must be letters, digits, '.', '_' or '-'`);
  }
  checkRemoteUrl(url);
  const path = configPath(options);
  const config = readConfig(path);
  if (config.remotes.some((r) => r.name === name)) {
    throw new DataError('REMOTE_EXISTS', `remote "${name}" exists already; remove it first to change its URL`);
  }
  const isDefault = setDefault || config.defaultRemote === undefined;
  editConfig(path, (doc) => {
    doc.setIn(['remotes', name], doc.createNode({ url }));
    if (isDefault) doc.set('defaultRemote', name);
  });
  return { name, url, isDefault };
}

export function removeRemote(name: string, options: DataOptions): void {
  const path = configPath(options);
  const config = readConfig(path);
  if (!config.remotes.some((r) => r.name === name)) throw noSuchRemote(name);
  editConfig(path, (doc) => {
    doc.deleteIn(['remotes', name]);
    if (config.defaultRemote === name) doc.delete('defaultRemote');
  });
}

export function setDefaultRemote(name: string, options: DataOptions): void {
  const path = configPath(options);
  if (!readConfig(path).remotes.some((r) => r.name === name)) throw noSuchRemote(name);
  editConfig(path, (doc) => doc.set('defaultRemote', name));
}

export function noSuchRemote(name: string): DataError {
  return new DataError('REMOTE_NOT_FOUND', `no remote named "${name}"; list them with \`strata data remote list\``);
}
