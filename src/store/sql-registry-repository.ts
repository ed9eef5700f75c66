/**
 * The whole MetadataRepository over a Kysely handle: the tracking repository plus
 * the model registry. Like SqlTrackingRepository, the same code runs on the database
 * or inside a transaction; each method delegates to a registry query module.
 */
import { modelIdOf } from './model-id.js';
import type { Page, Tag } from '../core/entities.js';
import type {
  ModelVersionUpdate,
  NewModelVersion,
  NewRegisteredModel,
  RegistryHistoryQuery,
  RegistryRepository,
  RegistrySearchQuery,
} from '../core/ports/registry-repository.js';
import type {
  ModelStage,
  ModelVersion,
  NewRegistryHistoryEvent,
  RegisteredModel,
  RegistryHistoryEvent,
} from '../core/registry-entities.js';
import { loadRegisteredModels } from './load-registry.js';
import * as aliases from './registry-alias-queries.js';
import * as models from './registry-model-queries.js';
import * as search from './registry-search-queries.js';
import * as versions from './registry-version-queries.js';
import { SqlTrackingRepository } from './sql-tracking-repository.js';

export class SqlRegistryRepository extends SqlTrackingRepository implements RegistryRepository {
  lockRegisteredModel(name: string): Promise<void> {
    return this.quirks.lockInTransaction(this.db, versions.modelLockKey(name));
  }

  createRegisteredModel(input: NewRegisteredModel): Promise<void> {
    return models.insertRegisteredModel(this.db, input);
  }
  async findRegisteredModel(name: string): Promise<RegisteredModel | undefined> {
    const modelId = await modelIdOf(this.db, name);
    if (modelId === undefined) return undefined;
    const [model] = await loadRegisteredModels(this.db, [modelId]);
    return model;
  }
  renameRegisteredModel(name: string, newName: string, time: number): Promise<void> {
    return models.renameRegisteredModel(this.db, name, newName, time);
  }
  updateRegisteredModel(name: string, description: string | null, time: number): Promise<void> {
    return models.updateRegisteredModel(this.db, name, description, time);
  }
  touchRegisteredModel(name: string, time: number): Promise<void> {
    return models.touchRegisteredModel(this.db, name, time);
  }
  deleteRegisteredModel(name: string): Promise<void> {
    return models.deleteRegisteredModel(this.db, name);
  }
  setRegisteredModelTag(name: string, tag: Tag): Promise<void> {
    return models.setRegisteredModelTag(this.db, name, tag);
  }
  deleteRegisteredModelTag(name: string, key: string): Promise<boolean> {
    return models.deleteRegisteredModelTag(this.db, name, key);
  }
  searchRegisteredModels(query: RegistrySearchQuery): Promise<Page<RegisteredModel>> {
    return search.searchRegisteredModels(this.db, query);
  }

  createModelVersion(input: NewModelVersion): Promise<number> {
    return versions.insertModelVersion(this.db, this.quirks, input);
  }
  findModelVersion(name: string, version: number): Promise<ModelVersion | undefined> {
    return versions.findModelVersion(this.db, name, version);
  }
  findModelVersionStage(name: string, version: number): Promise<ModelStage | undefined> {
    return versions.findModelVersionStage(this.db, name, version);
  }
  updateModelVersion(name: string, version: number, update: ModelVersionUpdate): Promise<void> {
    return versions.updateModelVersion(this.db, name, version, update);
  }
  deleteModelVersion(name: string, version: number): Promise<void> {
    return versions.deleteModelVersion(this.db, name, version);
  }
  setModelVersionTag(name: string, version: number, tag: Tag): Promise<void> {
    return versions.setModelVersionTag(this.db, name, version, tag);
  }
  deleteModelVersionTag(name: string, version: number, key: string): Promise<boolean> {
    return versions.deleteModelVersionTag(this.db, name, version, key);
  }
  listVersionNumbersInStage(name: string, stage: ModelStage): Promise<number[]> {
    return versions.listVersionNumbersInStage(this.db, name, stage);
  }
  findLatestVersions(name: string, stages: readonly ModelStage[]): Promise<ModelVersion[]> {
    return versions.findLatestVersions(this.db, name, stages);
  }
  searchModelVersions(query: RegistrySearchQuery): Promise<Page<ModelVersion>> {
    return search.searchModelVersions(this.db, query);
  }
  listModelVersionStorageLocations(): Promise<string[]> {
    return versions.listStorageLocations(this.db);
  }

  findAliasVersion(name: string, alias: string): Promise<number | undefined> {
    return aliases.findAliasVersion(this.db, name, alias);
  }
  setAlias(name: string, alias: string, version: number): Promise<void> {
    return aliases.setAlias(this.db, name, alias, version);
  }
  deleteAlias(name: string, alias: string): Promise<boolean> {
    return aliases.deleteAlias(this.db, name, alias);
  }
  appendRegistryHistory(event: NewRegistryHistoryEvent): Promise<void> {
    return aliases.appendRegistryHistory(this.db, event);
  }
  listRegistryHistory(query: RegistryHistoryQuery): Promise<RegistryHistoryEvent[]> {
    return aliases.listRegistryHistory(this.db, query);
  }
  findAliasEventAt(name: string, alias: string, time: number): Promise<RegistryHistoryEvent | undefined> {
    return aliases.findAliasEventAt(this.db, name, alias, time);
  }
}
