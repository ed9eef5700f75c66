/**
 * Resolves `models:/` URIs to a version: `/3` that version, `/Production` the newest
 * version in that stage, `/latest` the newest version, `@alias` the alias's version.
 * Errors and messages follow MLflow's client-side resolution.
 */
import { invalidParameter, notFound } from '../errors.js';
import { parseModelUri } from '../model-uri.js';
import type { RegistryRepository } from '../ports/registry-repository.js';
import { MODEL_STAGES, type ModelVersion } from '../registry-entities.js';
import { canonicalStage } from '../registry-validation.js';
import { modelNotFound, requireVersion } from './registry-mutation.js';
import { shortenForMessage } from '../shorten-for-message.js';

export function aliasNotFound(alias: string): Error {
  return invalidParameter(`Registered model alias ${shortenForMessage(alias)} not found.`);
}

export class ModelUriResolver {
  async resolve(repo: RegistryRepository, uri: string): Promise<ModelVersion> {
    const parsed = parseModelUri(uri);
    switch (parsed.kind) {
      case 'version':
        return requireVersion(repo, parsed.name, parsed.version);
      case 'alias':
        return this.byAlias(repo, parsed.name, parsed.alias);
      case 'stage':
        return this.latest(repo, parsed.name, canonicalStage(parsed.stage));
      case 'latest':
        return this.latest(repo, parsed.name);
    }
  }

  async byAlias(repo: RegistryRepository, name: string, alias: string): Promise<ModelVersion> {
    const version = await repo.findAliasVersion(name, alias);
    if (version === undefined) {
      if (!(await repo.findRegisteredModel(name))) throw modelNotFound(name);
      throw aliasNotFound(alias);
    }
    return requireVersion(repo, name, version);
  }

  /** Newest READY version in `stage`, or in any stage. */
  private async latest(repo: RegistryRepository, name: string, stage?: (typeof MODEL_STAGES)[number]): Promise<ModelVersion> {
    const candidates = await repo.findLatestVersions(name, stage ? [stage] : MODEL_STAGES);
    const newest = candidates.reduce<ModelVersion | undefined>((a, b) => (a && a.version > b.version ? a : b), undefined);
    if (newest) return newest;
    if (!(await repo.findRegisteredModel(name))) throw modelNotFound(name);
    throw notFound(
      stage ? `No versions of model with name '${shortenForMessage(name)}' and stage '${shortenForMessage(stage)}' found` : `No versions of model with name '${shortenForMessage(name)}' found`,
    );
  }
}
