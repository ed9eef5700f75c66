/**
 * Domain entities of the model registry, camelCase. MLflow's wire shapes (version
 * numbers as strings, aliases as {alias, version} lists) live in src/api and the
 * server's mappers only.
 */
import type { Tag } from './entities.js';

/** MLflow's stages; `None` is a stage name, not an absence. */
import type { PromotionJustification } from './promotions/promotion-entities.js';

export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';
export const MODEL_STAGES: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];
/** Stages whose previous holders `archive_existing_versions` moves to Archived. */
export const ACTIVE_MODEL_STAGES: readonly ModelStage[] = ['Staging', 'Production'];

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelAlias {
  alias: string;
  version: number;
}

export interface ModelVersion {
  name: string;
  version: number;
  creationTime: number;
  lastUpdatedTime: number;
  userId: string | null;
  currentStage: ModelStage;
  description: string | null;
  /** As the client gave it (`runs:/…`, `mlflow-artifacts:/…`, `s3://…`). */
  source: string;
  runId: string | null;
  runLink: string | null;
  status: ModelVersionStatus;
  statusMessage: string | null;
  /**
   * Where the files are, resolved once at creation (a `runs:/` source becomes the run's
   * artifact location). Downloads and `strata gc` use this, never the run.
   */
  storageLocation: string;
  tags: Tag[];
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creationTime: number;
  lastUpdatedTime: number;
  description: string | null;
  tags: Tag[];
  aliases: ModelAlias[];
  /** The newest version in each stage that has one, in MODEL_STAGES order. */
  latestVersions: ModelVersion[];
}

/** What the registry history records: alias changes and stage transitions. */
export type RegistryHistoryKind = 'alias_set' | 'alias_moved' | 'alias_deleted' | 'stage_transition';

export interface RegistryHistoryEvent {
  eventId: number;
  name: string;
  /** The version the alias now points to (alias_deleted: the one it pointed to), or the transitioned version. */
  version: number;
  kind: RegistryHistoryKind;
  alias: string | null;
  stage: ModelStage | null;
  /** alias_moved: the version that held the alias before. */
  previousVersion: number | null;
  /** stage_transition: the stage the version left. */
  previousStage: ModelStage | null;
  actor: string;
  time: number;
  /** The promotion request whose approval moved the alias; absent for direct changes. */
  requestId?: string;
  /** What justified a move made by a promotion (strata promote); absent for other changes. */
  justification?: PromotionJustification;
}

export type NewRegistryHistoryEvent = Omit<RegistryHistoryEvent, 'eventId' | 'name'> & { modelName: string };
