/**
 * What `strata serve` was asked to serve: a registry URI it can follow (`models:/NAME@ALIAS`),
 * a pinned version (`models:/NAME/N`), or a local model directory (no tracking server).
 */
export type ServeTarget =
  | { kind: 'alias'; uri: string; name: string; alias: string }
  | { kind: 'version'; uri: string; name: string; version: string }
  | { kind: 'local'; dir: string };

const ALIAS_URI = /^models:\/([^/@]+)@([^/@]+)$/;
const VERSION_URI = /^models:\/([^/@]+)\/(\d+)$/;

/** Parses the command's MODEL_URI; anything not `models:/…` is a local directory. */
export function parseServeTarget(uri: string): ServeTarget {
  if (!uri.startsWith('models:/')) return { kind: 'local', dir: uri };
  const alias = ALIAS_URI.exec(uri);
  if (alias) return { kind: 'alias', uri, name: decodeURIComponent(alias[1]!), alias: decodeURIComponent(alias[2]!) };
  const version = VERSION_URI.exec(uri);
  if (version) return { kind: 'version', uri, name: decodeURIComponent(version[1]!), version: version[2]! };
  throw new Error(`cannot serve '${uri}': use models:/NAME@ALIAS (followed live), models:/NAME/VERSION (pinned) or a local model directory`);
}
