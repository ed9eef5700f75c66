/**
 * Aliases with MLflow's rules (reserved names, the version must exist) and Strata's:
 * an Archived version cannot take an alias, and every set, move and delete is recorded
 * in the registry history with actor, time and previous holder, so "which version
 * held alias X at time T" has an answer. An alias a model's policy protects is refused here
 * (403): it moves only through an approved promotion request (promotion-service.ts).
 */
import { refuseProtectedAlias } from '../promotions/protected-alias-guard.js';
import type { ModelVersion, RegistryHistoryEvent } from '../registry-entities.js';
import { validateAliasName } from '../registry-validation.js';
import type { ModelUriResolver } from './model-uri-resolver.js';
import { moveAlias } from './alias-move.js';
import { modelEntity, mutateRegistry, requireModel, type RegistryDeps } from './registry-mutation.js';
import { type Actor, displayName } from './service-deps.js';

export interface AliasAtTime {
  /** Undefined when no version held the alias at that time. */
  version?: number;
  /** The event that put the alias where it was. */
  event?: RegistryHistoryEvent;
}

export class ModelAliasService {
  constructor(
    private readonly deps: RegistryDeps,
    private readonly resolver: ModelUriResolver,
  ) {}

  async set(actor: Actor, name: string, alias: string, version: number): Promise<void> {
    validateAliasName(alias);
    await mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await refuseProtectedAlias(tx, name, alias, version);
      const previous = await moveAlias(tx, { name, alias, version, actor: displayName(actor), time });
      return {
        result: undefined,
        audit: { action: 'registered_model.set_alias', ...modelEntity(name), summary: { alias, version, previous: previous ?? null } },
        events: previous === version ? [] : [{ type: 'model_version_alias.created', payload: { name, alias, version } }],
      };
    });
  }

  /** Deleting an alias that is not set is not an error (as in MLflow); nothing is recorded then. */
  async delete(actor: Actor, name: string, alias: string): Promise<void> {
    validateAliasName(alias);
    await mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await requireModel(tx, name);
      await refuseProtectedAlias(tx, name, alias);
      const previous = await tx.findAliasVersion(name, alias);
      if (previous !== undefined) {
        await tx.deleteAlias(name, alias);
        await tx.appendRegistryHistory({
          modelName: name, version: previous, kind: 'alias_deleted', alias, stage: null,
          previousVersion: previous, previousStage: null, actor: displayName(actor), time,
        });
        await tx.touchRegisteredModel(name, time);
      }
      return {
        result: undefined,
        audit: { action: 'registered_model.delete_alias', ...modelEntity(name), summary: { alias, previous: previous ?? null } },
        events: previous === undefined ? [] : [{ type: 'model_version_alias.deleted', payload: { name, alias, version: previous } }],
      };
    });
  }

  getVersion(name: string, alias: string): Promise<ModelVersion> {
    return this.resolver.byAlias(this.deps.store, name, alias);
  }

  /** Oldest first: one alias's events, or every alias event and stage transition of the model. */
  async history(name: string, alias?: string): Promise<RegistryHistoryEvent[]> {
    await requireModel(this.deps.store, name);
    return this.deps.store.listRegistryHistory({ modelName: name, ...(alias !== undefined ? { alias } : {}) });
  }

  async holderAt(name: string, alias: string, time: number): Promise<AliasAtTime> {
    const event = await this.deps.store.findAliasEventAt(name, alias, time);
    if (!event) {
      await requireModel(this.deps.store, name);
      return {};
    }
    return event.kind === 'alias_deleted' ? { event } : { version: event.version, event };
  }
}
