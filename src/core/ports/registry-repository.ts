/**
 * The model registry's part of the MetadataStore port. Storage only: MLflow's rules
 * (validation, reserved aliases, archival, history) live in the registry services,
 * which call these methods inside `transaction` after `lockRegisteredModel`.
 *
 * Models are addressed by name; a rename moves versions, tags, aliases and history
 * with the model. Methods that take a model name treat an unknown name as "nothing
 * to do" (or return undefined); the services check existence first.
 */
import type { Page, Tag } from '../entities.js';
import type {
  ModelStage,
  ModelVersion,
  ModelVersionStatus,
  NewRegistryHistoryEvent,
  RegisteredModel,
  RegistryHistoryEvent,
} from '../registry-entities.js';
import type { FilterExpr, OrderByKey } from '../search/ast.js';

export interface NewRegisteredModel {
  name: string;
  description: string | null;
  tags: Tag[];
  creationTime: number;
}

export interface NewModelVersion {
  modelName: string;
  source: string;
  storageLocation: string;
  runId: string | null;
  runLink: string | null;
  description: string | null;
  userId: string | null;
  status: ModelVersionStatus;
  tags: Tag[];
  creationTime: number;
}

export interface ModelVersionUpdate {
  description?: string | null;
  currentStage?: ModelStage;
  lastUpdatedTime: number;
}

export interface RegistrySearchQuery {
  filter?: FilterExpr;
  /** Only these models (and their versions): what the caller may read; absent: all. */
  onlyNames?: readonly string[];
  orderBy: OrderByKey[];
  maxResults: number;
  pageToken?: string;
}

export interface RegistryHistoryQuery {
  modelName: string;
  /** Only this alias's events; absent: every alias event and stage transition. */
  alias?: string;
}

export interface RegistryRepository {
  /**
   * Serialises writers of one model until the surrounding transaction ends (a per-model
   * advisory lock on PostgreSQL; SQLite's write lock already covers it). Call it first.
   */
  lockRegisteredModel(name: string): Promise<void>;

  // registered models
  createRegisteredModel(input: NewRegisteredModel): Promise<void>;
  findRegisteredModel(name: string): Promise<RegisteredModel | undefined>;
  renameRegisteredModel(name: string, newName: string, time: number): Promise<void>;
  updateRegisteredModel(name: string, description: string | null, time: number): Promise<void>;
  touchRegisteredModel(name: string, time: number): Promise<void>;
  /** Deletes the model with its versions, tags, aliases and history. */
  deleteRegisteredModel(name: string): Promise<void>;
  setRegisteredModelTag(name: string, tag: Tag): Promise<void>;
  /** Returns false when the tag did not exist. */
  deleteRegisteredModelTag(name: string, key: string): Promise<boolean>;
  searchRegisteredModels(query: RegistrySearchQuery): Promise<Page<RegisteredModel>>;

  // model versions
  /** Allocates the next version number (max ever allocated + 1, never reused) and inserts the version. */
  createModelVersion(input: NewModelVersion): Promise<number>;
  findModelVersion(name: string, version: number): Promise<ModelVersion | undefined>;
  /** Just the stage (cheaper than findModelVersion); undefined when there is no such version. */
  findModelVersionStage(name: string, version: number): Promise<ModelStage | undefined>;
  updateModelVersion(name: string, version: number, update: ModelVersionUpdate): Promise<void>;
  /** Deletes the version with its tags and aliases (its history stays). */
  deleteModelVersion(name: string, version: number): Promise<void>;
  setModelVersionTag(name: string, version: number, tag: Tag): Promise<void>;
  deleteModelVersionTag(name: string, version: number, key: string): Promise<boolean>;
  /** Every version of the model in this stage, ascending. */
  listVersionNumbersInStage(name: string, stage: ModelStage): Promise<number[]>;
  /** The newest READY version in each of `stages` that has one, in the order of `stages`. */
  findLatestVersions(name: string, stages: readonly ModelStage[]): Promise<ModelVersion[]>;
  searchModelVersions(query: RegistrySearchQuery): Promise<Page<ModelVersion>>;
  /** Distinct storage locations of every registered version: what artifact gc must keep. */
  listModelVersionStorageLocations(): Promise<string[]>;

  // aliases and history
  findAliasVersion(name: string, alias: string): Promise<number | undefined>;
  setAlias(name: string, alias: string, version: number): Promise<void>;
  /** Returns false when the alias did not exist. */
  deleteAlias(name: string, alias: string): Promise<boolean>;
  appendRegistryHistory(event: NewRegistryHistoryEvent): Promise<void>;
  /** Oldest first. */
  listRegistryHistory(query: RegistryHistoryQuery): Promise<RegistryHistoryEvent[]>;
  /** The last event of this alias at or before `time` (ties: the later event id). */
  findAliasEventAt(name: string, alias: string, time: number): Promise<RegistryHistoryEvent | undefined>;
}
