/**
 * Where a new model version's files are, decided once at creation and stored on the
 * version (docs/decisions/0001-model-version-artifacts.md):
 *   runs:/<run_id>/path  -> the run's artifact location + path (the run id is recorded)
 *   models:/…            -> the storage location of the version it names (as MLflow)
 *   anything else        -> itself, after MLflow's checks on relative and local paths
 */
import { invalidParameter, notFound } from '../errors.js';
import {
  hasParentSegment,
  isLocalUri,
  isModelsUri,
  isRunsUri,
  joinArtifactUri,
  parseRunsUri,
} from '../model-uri.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelUriResolver } from './model-uri-resolver.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface ResolvedSource {
  storageLocation: string;
  runId: string | null;
}

function relativePathMessage(source: string): string {
  return (
    `Invalid model version source: '${shortenForMessage(source)}'. If supplying a source as an http, https, local file path, ` +
    "ftp, objectstore, or mlflow-artifacts uri, an absolute path without relative path components ('..') must be used."
  );
}

function localPathMessage(source: string): string {
  return (
    `Invalid model version source: '${shortenForMessage(source)}'. To use a local path as a model version source, the run_id ` +
    'request parameter has to be specified and the local path has to be contained within the artifact ' +
    'directory of the run specified by the run_id.'
  );
}

const stripFileScheme = (uri: string): string => uri.replace(/^file:(\/\/)?/i, '');

async function runArtifactUri(repo: MetadataRepository, runId: string): Promise<string> {
  const run = await repo.findRunInfo(runId);
  if (!run) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
  return run.artifactUri;
}

export async function resolveModelSource(
  repo: MetadataRepository,
  resolver: ModelUriResolver,
  source: string,
  runId: string | null,
): Promise<ResolvedSource> {
  if (hasParentSegment(source)) throw invalidParameter(relativePathMessage(source));
  if (isRunsUri(source)) {
    const parsed = parseRunsUri(source);
    const root = await runArtifactUri(repo, parsed.runId);
    return { storageLocation: joinArtifactUri(root, parsed.path), runId: runId ?? parsed.runId };
  }
  if (isModelsUri(source)) {
    const version = await resolver.resolve(repo, source);
    return { storageLocation: version.storageLocation, runId };
  }
  if (isLocalUri(source)) {
    // A local source would let a client register (and later download) any file on the server.
    if (!runId) throw invalidParameter(localPathMessage(source));
    const root = await runArtifactUri(repo, runId);
    const base = stripFileScheme(root).replace(/\/+$/, '');
    const path = stripFileScheme(source);
    if (!isLocalUri(root) || !(path === base || path.startsWith(`${base}/`))) {
      throw invalidParameter(localPathMessage(source));
    }
  }
  return { storageLocation: source, runId };
}
