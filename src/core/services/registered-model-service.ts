/** Registered-model operations with MLflow's semantics (SqlAlchemyStore, model registry). */
import { refuseRemovingProtectedAliases } from '../promotions/protected-alias-guard.js';
import {
  SEARCH_REGISTERED_MODEL_MAX_RESULTS_DEFAULT,
  SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD,
} from '../../api/mlflow-registry.js';
import type { Page, Tag } from '../entities.js';
import { alreadyExists } from '../errors.js';
import { MODEL_STAGES, type ModelVersion, type RegisteredModel } from '../registry-entities.js';
import { canonicalStage, validateModelName, validateRegistryMaxResults, validateRegistryTag } from '../registry-validation.js';
import { parseModelFilter, parseModelOrderBy } from '../search/index.js';
import { modelEntity, mutateRegistry, requireModel, type RegistryDeps } from './registry-mutation.js';
import type { Actor } from './service-deps.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface CreateRegisteredModelInput {
  name: string;
  tags?: Tag[];
  description?: string;
}

export interface SearchRegisteredModelsInput {
  /** Only these models: what the caller may read; absent: all. */
  onlyNames?: readonly string[];
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

function duplicateModel(name: string): Error {
  return alreadyExists(`Registered Model (name=${shortenForMessage(name)}) already exists.`);
}

export class RegisteredModelService {
  constructor(private readonly deps: RegistryDeps) {}

  async create(actor: Actor, input: CreateRegisteredModelInput): Promise<RegisteredModel> {
    const name = validateModelName(input.name);
    const tags = (input.tags ?? []).map((t) => validateRegistryTag(t.key, t.value));
    return mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      if (await tx.findRegisteredModel(name)) throw duplicateModel(name);
      await tx.createRegisteredModel({ name, description: input.description || null, tags, creationTime: time });
      return {
        result: await requireModel(tx, name),
        audit: { action: 'registered_model.create', ...modelEntity(name), summary: {} },
        events: [{ type: 'registered_model.created', payload: { name, tags, description: input.description ?? null } }],
      };
    });
  }

  get(name: string): Promise<RegisteredModel> {
    return requireModel(this.deps.store, validateModelName(name));
  }

  search(input: SearchRegisteredModelsInput): Promise<Page<RegisteredModel>> {
    const maxResults = input.maxResults ?? SEARCH_REGISTERED_MODEL_MAX_RESULTS_DEFAULT;
    validateRegistryMaxResults(maxResults, SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD);
    return this.deps.store.searchRegisteredModels({
      filter: parseModelFilter(input.filter ?? ''),
      orderBy: parseModelOrderBy(input.orderBy ?? []),
      maxResults,
      pageToken: input.pageToken || undefined,
      ...(input.onlyNames === undefined ? {} : { onlyNames: input.onlyNames }),
    });
  }

  async rename(actor: Actor, name: string, newName: string): Promise<RegisteredModel> {
    const target = validateModelName(newName, 'new_name');
    return mutateRegistry(this.deps, actor, [name, target], async (tx, time) => {
      await requireModel(tx, name);
      if (target !== name && (await tx.findRegisteredModel(target))) throw duplicateModel(target);
      await tx.renameRegisteredModel(name, target, time);
      return {
        result: await requireModel(tx, target),
        audit: { action: 'registered_model.rename', ...modelEntity(target), summary: { from: name, to: target } },
      };
    });
  }

  async update(actor: Actor, name: string, description: string | undefined): Promise<RegisteredModel> {
    return mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await requireModel(tx, name);
      await tx.updateRegisteredModel(name, description ?? null, time);
      return {
        result: await requireModel(tx, name),
        audit: { action: 'registered_model.update', ...modelEntity(name), summary: { description: description ?? null } },
      };
    });
  }

  /** Deletes the model with every version, tag, alias and its history (as MLflow, at once). */
  async delete(actor: Actor, name: string): Promise<void> {
    await mutateRegistry(this.deps, actor, [name], async (tx) => {
      const model = await requireModel(tx, name);
      const aliases = model.aliases.map((a) => a.alias);
      await refuseRemovingProtectedAliases(tx, name, aliases, 'model');
      await tx.deleteRegisteredModel(name);
      return { result: undefined, audit: { action: 'registered_model.delete', ...modelEntity(name), summary: { aliases } } };
    });
  }

  /** The newest READY version per stage; every stage when `stages` is empty. */
  async getLatestVersions(name: string, stages: string[] = []): Promise<ModelVersion[]> {
    const wanted = stages.length > 0 ? [...new Set(stages.map(canonicalStage))] : MODEL_STAGES;
    await requireModel(this.deps.store, name);
    return this.deps.store.findLatestVersions(name, wanted);
  }

  async setTag(actor: Actor, name: string, key: string, value: string): Promise<void> {
    const tag = validateRegistryTag(key, value);
    await mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await requireModel(tx, name);
      await tx.setRegisteredModelTag(name, tag);
      await tx.touchRegisteredModel(name, time);
      return {
        result: undefined,
        audit: { action: 'registered_model.set_tag', ...modelEntity(name), summary: { key: tag.key } },
        events: [{ type: 'registered_model_tag.set', payload: { name, key: tag.key, value: tag.value } }],
      };
    });
  }

  /** Deleting a tag that is not there is not an error (as in MLflow). */
  async deleteTag(actor: Actor, name: string, key: string): Promise<void> {
    await mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await requireModel(tx, name);
      const existed = await tx.deleteRegisteredModelTag(name, key);
      if (existed) await tx.touchRegisteredModel(name, time);
      return {
        result: undefined,
        audit: { action: 'registered_model.delete_tag', ...modelEntity(name), summary: { key, existed } },
        events: existed ? [{ type: 'registered_model_tag.deleted', payload: { name, key } }] : [],
      };
    });
  }
}
