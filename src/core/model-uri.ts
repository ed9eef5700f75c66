/**
 * Model and run URIs as MLflow parses them (mlflow/store/artifact/utils/models.py,
 * runs_artifact_repo.py): `models:/name/3`, `models:/name/Production`,
 * `models:/name/latest`, `models:/name@alias`, and `runs:/<run_id>/path`.
 * Pure string work; resolving them against the registry is the resolver's job.
 */
import { invalidParameter } from './errors.js';

export type ModelUri =
  | { kind: 'version'; name: string; version: number }
  | { kind: 'stage'; name: string; stage: string }
  | { kind: 'latest'; name: string }
  | { kind: 'alias'; name: string; alias: string };

export interface RunsUri {
  runId: string;
  /** Run-relative artifact path; '' for the run's artifact root. */
  path: string;
}

const MODELS_PREFIX = 'models:/';
const RUNS_PREFIX = 'runs:/';

function improperModelUri(uri: string): Error {
  return invalidParameter(
    `Not a proper models:/ URI: ${uri}. Models URIs must be of the form 'models:/model_name/suffix' or ` +
      "'models:/model_name@alias' where suffix is a model version, stage, or the string 'latest' " +
      'and where alias is a registered model alias. Only letters, numbers, underscores, and dashes are allowed in alias names.',
  );
}

export function isModelsUri(uri: string): boolean {
  return uri.startsWith('models:');
}

export function parseModelUri(uri: string): ModelUri {
  // `models://profile@host/…` names another registry; Strata serves only its own.
  if (!uri.startsWith(MODELS_PREFIX) || uri.startsWith('models://')) throw improperModelUri(uri);
  const parts = uri.slice(MODELS_PREFIX.length).split('/');
  const [first = '', suffix] = parts;
  if (parts.length > 2 || first.trim() === '') throw improperModelUri(uri);
  if (suffix !== undefined) {
    if (suffix.trim() === '') throw improperModelUri(uri);
    if (/^\d+$/.test(suffix)) return { kind: 'version', name: first, version: Number(suffix) };
    if (suffix.toLowerCase() === 'latest') return { kind: 'latest', name: first };
    return { kind: 'stage', name: first, stage: suffix };
  }
  const at = first.lastIndexOf('@');
  const alias = at === -1 ? '' : first.slice(at + 1);
  if (at <= 0 || alias.trim() === '') throw improperModelUri(uri);
  return { kind: 'alias', name: first.slice(0, at), alias };
}

export function isRunsUri(uri: string): boolean {
  return uri.startsWith('runs:');
}

export function parseRunsUri(uri: string): RunsUri {
  const improper = () =>
    invalidParameter(
      `Not a proper runs:/ URI: ${uri}. Runs URIs must be of the form 'runs:/<run_id>/run-relative/path/to/artifact'`,
    );
  if (!uri.startsWith(RUNS_PREFIX) || uri.startsWith('runs://')) throw improper();
  const [runId = '', ...rest] = uri.slice(RUNS_PREFIX.length).split('/');
  if (runId === '') throw improper();
  return { runId, path: rest.join('/').replace(/\/+$/, '') };
}

/** True when a path or URI has a `..` segment, which could climb out of where it points. */
export function hasParentSegment(uri: string): boolean {
  const path = uri.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:/, '').split(/[?#]/)[0] ?? '';
  return path.split(/[/\\]/).some((segment) => segment === '..' || decodeSafely(segment) === '..');
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A local filesystem path: no scheme (or a Windows drive letter), or `file:`. */
export function isLocalUri(uri: string): boolean {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1];
  return scheme === undefined || scheme.length === 1 || scheme.toLowerCase() === 'file';
}

/** Joins an artifact root and a relative path with exactly one slash. */
export function joinArtifactUri(root: string, path: string): string {
  if (path === '') return root;
  return `${root.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
