/**
 * What a gate evaluates: a run (by id) or a model version (models:/NAME/VERSION or
 * models:/NAME@ALIAS), always down to an active run — its metrics, params, tags and datasets
 * are what rules read. A deleted run, a deleted or missing version and a version without a
 * source run are refused: a gate result must describe something that is there.
 */
import type { RunInfo } from '../entities.js';
import { invalidParameter, notFound } from '../errors.js';
import { parseModelUri } from '../model-uri.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { ModelUriResolver } from './model-uri-resolver.js';

export interface GateTarget {
  run: RunInfo;
  /** The version gated, when the target was a model URI. */
  version: ModelVersion | null;
}

const resolver = new ModelUriResolver();

/** The run, active: gating a deleted run is refused (it cannot be promoted, and its data may go). */
export async function requireGateRun(repo: MetadataRepository, runId: string, what = 'run'): Promise<RunInfo> {
  const info = await repo.findRunInfo(runId);
  if (!info) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
  if (info.lifecycleStage !== 'active') {
    throw invalidParameter(`Cannot evaluate a gate against ${what} ${runId}: the run is deleted. Restore it first.`);
  }
  return info;
}

/** The version a gate is asked to evaluate: by number or by alias, never a stage or `latest` (a record must name one version). */
export async function resolveGateVersion(repo: MetadataRepository, uri: string): Promise<ModelVersion> {
  const parsed = parseModelUri(uri);
  if (parsed.kind !== 'version' && parsed.kind !== 'alias') {
    throw invalidParameter(`model_uri must be models:/NAME/VERSION or models:/NAME@ALIAS, got '${shortenForMessage(uri)}'`);
  }
  return resolver.resolve(repo, uri);
}

export async function resolveGateTarget(repo: MetadataRepository, target: { runId?: string; modelUri?: string }): Promise<GateTarget> {
  if ((target.runId === undefined) === (target.modelUri === undefined)) {
    throw invalidParameter('Give exactly one of run_id and model_uri.');
  }
  if (target.runId !== undefined) return { run: await requireGateRun(repo, target.runId), version: null };
  const version = await resolveGateVersion(repo, target.modelUri ?? '');
  if (version.runId === null) {
    throw invalidParameter(`Model version (name=${version.name}, version=${version.version}) has no source run: a gate reads a run's metrics.`);
  }
  return { run: await requireGateRun(repo, version.runId, `the source run of ${version.name} version ${version.version},`), version };
}
