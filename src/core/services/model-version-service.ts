/**
 * Model-version operations with MLflow's semantics, plus Strata's rules: a version's
 * storage location is fixed at creation, every stage transition is recorded in the
 * registry history, and deleting a version that holds aliases needs `force`.
 */
import { refuseRemovingProtectedAliases } from '../promotions/protected-alias-guard.js';
import {
  SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT,
  SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD,
} from '../../api/mlflow-registry.js';
import type { Page, Tag } from '../entities.js';
import { invalidParameter } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { ACTIVE_MODEL_STAGES, type ModelStage, type ModelVersion } from '../registry-entities.js';
import { canonicalStage, validateModelName, validateRegistryMaxResults, validateRegistryTag } from '../registry-validation.js';
import { parseModelVersionFilter, parseModelVersionOrderBy } from '../search/index.js';
import { resolveModelSource } from './model-source.js';
import type { ModelUriResolver } from './model-uri-resolver.js';
import type { RegistryEventInput } from './registry-events.js';
import { mutateRegistry, requireVersion, type RegistryDeps, versionEntity } from './registry-mutation.js';
import { type Actor, displayName } from './service-deps.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface CreateModelVersionInput {
  name: string;
  source: string;
  runId?: string;
  runLink?: string;
  description?: string;
  tags?: Tag[];
}

export interface SearchModelVersionsInput {
  /** Only versions of these models: what the caller may read; absent: all. */
  onlyNames?: readonly string[];
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

/** Tags as the store returns them: one per key (the last given wins), ordered by key. */
function lastTagPerKeySorted(tags: Tag[]): Tag[] {
  return [...new Map(tags.map((t) => [t.key, t])).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function holdsAliasesMessage(version: ModelVersion): string {
  return (
    `Model version (name=${version.name}, version=${version.version}) holds the alias(es) ` +
    `${version.aliases.join(', ')}. Move or delete the aliases first, or delete with force=true ` +
    'to remove the version together with its aliases.'
  );
}

export class ModelVersionService {
  constructor(
    private readonly deps: RegistryDeps,
    private readonly resolver: ModelUriResolver,
  ) {}

  async create(actor: Actor, input: CreateModelVersionInput): Promise<ModelVersion> {
    const name = validateModelName(input.name);
    if (!input.source) throw invalidParameter("Missing value for required parameter 'source'.");
    const tags = (input.tags ?? []).map((t) => validateRegistryTag(t.key, t.value));
    return mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      const { storageLocation, runId } = await resolveModelSource(tx, this.resolver, input.source, input.runId || null);
      const version = await tx.createModelVersion({
        modelName: name,
        source: input.source,
        storageLocation,
        runId,
        runLink: input.runLink || null,
        description: input.description || null,
        userId: displayName(actor),
        status: 'READY',
        tags,
        creationTime: time,
      });
      // Built from what was just written rather than read back: creates are the registry's hot path.
      const created: ModelVersion = {
        name, version, creationTime: time, lastUpdatedTime: time, userId: displayName(actor), currentStage: 'None',
        description: input.description || null, source: input.source, runId, runLink: input.runLink || null,
        status: 'READY', statusMessage: null, storageLocation, tags: lastTagPerKeySorted(tags), aliases: [],
      };
      return {
        result: created,
        audit: { action: 'model_version.create', ...versionEntity(name, version), summary: { source: input.source, run_id: runId } },
        events: [{ type: 'model_version.created', payload: { name, version, source: input.source, runId, tags, description: input.description || null } }],
      };
    });
  }

  get(name: string, version: number): Promise<ModelVersion> {
    return requireVersion(this.deps.store, validateModelName(name), version);
  }

  async getDownloadUri(name: string, version: number): Promise<string> {
    return (await this.get(name, version)).storageLocation;
  }

  search(input: SearchModelVersionsInput): Promise<Page<ModelVersion>> {
    const maxResults = input.maxResults ?? SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT;
    validateRegistryMaxResults(maxResults, SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD);
    return this.deps.store.searchModelVersions({
      filter: parseModelVersionFilter(input.filter ?? ''),
      orderBy: parseModelVersionOrderBy(input.orderBy ?? []),
      maxResults,
      pageToken: input.pageToken || undefined,
      ...(input.onlyNames === undefined ? {} : { onlyNames: input.onlyNames }),
    });
  }

  async update(actor: Actor, name: string, version: number, description: string | undefined): Promise<ModelVersion> {
    return mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await requireVersion(tx, name, version);
      await tx.updateModelVersion(name, version, { description: description ?? null, lastUpdatedTime: time });
      return {
        result: await requireVersion(tx, name, version),
        audit: { action: 'model_version.update', ...versionEntity(name, version), summary: { description: description ?? null } },
      };
    });
  }

  /**
   * MLflow's transition-stage. With `archiveExisting`, the other versions in the target
   * (Staging or Production) stage move to Archived in the same transaction; every move
   * is a `stage_transition` in the registry history.
   */
  async transitionStage(
    actor: Actor,
    name: string,
    version: number,
    rawStage: string,
    archiveExisting: boolean,
  ): Promise<ModelVersion> {
    const stage = canonicalStage(rawStage);
    if (archiveExisting && !ACTIVE_MODEL_STAGES.includes(stage)) {
      throw invalidParameter(
        `Model version transition cannot archive existing model versions because '${shortenForMessage(stage)}' is not an Active stage. ` +
          `Valid stages are ${ACTIVE_MODEL_STAGES.join(', ')}`,
      );
    }
    return mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      const current = await requireVersion(tx, name, version);
      const events: RegistryEventInput[] = [];
      const move = async (v: number, from: ModelStage, to: ModelStage) => {
        await tx.updateModelVersion(name, v, { currentStage: to, lastUpdatedTime: time });
        await recordTransition(tx, actor, time, name, v, from, to);
        events.push({ type: 'model_version.stage_transitioned', payload: { name, version: v, fromStage: from, toStage: to } });
      };
      if (archiveExisting) {
        for (const other of await tx.listVersionNumbersInStage(name, stage)) {
          if (other !== version) await move(other, stage, 'Archived');
        }
      }
      await move(version, current.currentStage, stage);
      await tx.touchRegisteredModel(name, time);
      return {
        result: await requireVersion(tx, name, version),
        audit: {
          action: 'model_version.transition_stage',
          ...versionEntity(name, version),
          summary: { from: current.currentStage, to: stage, archive_existing_versions: archiveExisting },
        },
        events,
      };
    });
  }

  /** Strata: a version that holds aliases is deleted only with `force`, which deletes its aliases too (recorded). */
  async delete(actor: Actor, name: string, version: number, force = false): Promise<void> {
    await mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      const existing = await requireVersion(tx, name, version);
      // Protected aliases first: even force does not remove one without a promotion request.
      await refuseRemovingProtectedAliases(tx, name, existing.aliases, { version });
      if (existing.aliases.length > 0 && !force) throw invalidParameter(holdsAliasesMessage(existing));
      for (const alias of existing.aliases) {
        await tx.appendRegistryHistory({
          modelName: name, version, kind: 'alias_deleted', alias, stage: null,
          previousVersion: version, previousStage: null, actor: displayName(actor), time,
        });
      }
      await tx.deleteModelVersion(name, version);
      await tx.touchRegisteredModel(name, time);
      return {
        result: undefined,
        audit: { action: 'model_version.delete', ...versionEntity(name, version), summary: { aliases: existing.aliases, force } },
        events: existing.aliases.map((alias) => ({ type: 'model_version_alias.deleted' as const, payload: { name, version, alias } })),
      };
    });
  }

  async setTag(actor: Actor, name: string, version: number, key: string, value: string): Promise<void> {
    const tag = validateRegistryTag(key, value);
    await mutateRegistry(this.deps, actor, [name], async (tx) => {
      await requireVersion(tx, name, version);
      await tx.setModelVersionTag(name, version, tag);
      return {
        result: undefined,
        audit: { action: 'model_version.set_tag', ...versionEntity(name, version), summary: { key: tag.key } },
        events: [{ type: 'model_version_tag.set', payload: { name, version, key: tag.key, value: tag.value } }],
      };
    });
  }

  async deleteTag(actor: Actor, name: string, version: number, key: string): Promise<void> {
    await mutateRegistry(this.deps, actor, [name], async (tx) => {
      await requireVersion(tx, name, version);
      const existed = await tx.deleteModelVersionTag(name, version, key);
      return {
        result: undefined,
        audit: { action: 'model_version.delete_tag', ...versionEntity(name, version), summary: { key, existed } },
        events: existed ? [{ type: 'model_version_tag.deleted', payload: { name, version, key } }] : [],
      };
    });
  }
}

async function recordTransition(
  tx: MetadataRepository,
  actor: Actor,
  time: number,
  name: string,
  version: number,
  from: ModelStage,
  to: ModelStage,
): Promise<void> {
  await tx.appendRegistryHistory({
    modelName: name, version, kind: 'stage_transition', alias: null, stage: to,
    previousVersion: null, previousStage: from, actor: displayName(actor), time,
  });
}
