/**
 * Kysely table types for the metadata database. Column names follow MLflow's own
 * SQL schema where one exists (run_uuid, lifecycle_stage…) so people who know
 * MLflow's database find their way; everything is snake_case here and mapped to
 * camelCase domain types in the store.
 *
 * Integers that can exceed 2^31 (times in ms, steps) are BIGINT; both drivers are
 * configured to hand them back as JS numbers.
 */
import type { IdentityTables } from './identity-schema.js';
import type { ColumnType, Generated } from 'kysely';

export interface ExperimentsTable {
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string; // 'active' | 'deleted'
  creation_time: number;
  last_update_time: number;
  deleted_time: number | null;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  run_uuid: string;
  /** Monotonic insertion order; a stable final tie-breaker for keyset paging. */
  seq: Generated<number>;
  experiment_id: number;
  name: string;
  user_id: string;
  status: string; // RUNNING | SCHEDULED | FINISHED | FAILED | KILLED
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
  artifact_uri: string;
  deleted_time: number | null;
}

/**
 * Params and run tags whose value has at most this many bytes enter the sort indexes of
 * migration 20: with a 250-character key and a 256-character run id the entry stays under
 * PostgreSQL's B-tree limit (~2.7 kB). Longer values are sorted by the general plan.
 */
export const SORTABLE_VALUE_BYTES = 1000;

export interface RunTagsTable {
  run_uuid: string;
  key: string;
  value: string;
  /** The run's experiment and start time, copied for the sort by a key (migration 20); null only if the run was missing. */
  experiment_id: number | null;
  start_time: number | null;
}

export interface ParamsTable {
  run_uuid: string;
  key: string;
  value: string;
  /** The run's experiment and start time, copied for the sort by a key (migration 20); null only if the run was missing. */
  experiment_id: number | null;
  start_time: number | null;
}

/**
 * How many active runs of an experiment have each param or tag key (migration 0010), kept
 * by the writes so the runs table's key list is an index range read instead of a grouped
 * scan of every run's rows. Rows at 0 stay until the experiment is purged; readers skip them.
 */
export interface ExperimentKeyCountsTable {
  experiment_id: number;
  kind: KeyKind;
  key: string;
  run_count: number;
}

export type KeyKind = 'param' | 'tag';

/** Full metric history. NaN is stored as value 0 with is_nan = 1 (SQLite turns NaN into NULL). */
export interface MetricsTable {
  run_uuid: string;
  key: string;
  step: number;
  timestamp: number;
  value: number;
  is_nan: number; // 0 | 1
}

/** The latest point per (run, key): max by (step, timestamp, value), as MLflow defines it. */
export interface LatestMetricsTable {
  run_uuid: string;
  /** The run's experiment, copied so searches can read one experiment's index range (migration 5). */
  experiment_id: number;
  key: string;
  step: number;
  timestamp: number;
  value: number;
  is_nan: number;
  /**
   * Steps [from, to] holding points logged since the series' roll-ups were last rebuilt;
   * NULL when they are up to date (migration 8, metric-rollup-queries.ts).
   */
  rollup_dirty_from: number | null;
  rollup_dirty_to: number | null;
}

/** One block of a series' roll-up pyramid: the summary of its points (see core/metric-envelope-plan.ts). */
export interface MetricRollupsTable {
  run_uuid: string;
  key: string;
  level: number;
  block: number;
  /** The block's MetricSummary as base64 of 16 doubles, or JSON text in rows written before it (rollup-summary-codec.ts). */
  summary: string;
}

export interface DatasetsTable {
  dataset_uuid: string;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

/** A run's logged dataset inputs (MLflow's inputs table, run destination only). */
export interface RunInputsTable {
  run_uuid: string;
  dataset_uuid: string;
  /** JSON array of {key, value}: the input tags, e.g. mlflow.data.context. */
  tags: string;
}

/** Artifact folders gc has removed the metadata of and still has to delete (migration 6). */
export interface GcPendingArtifactsTable {
  path: string;
  entity_type: string;
  entity_id: string;
  created_at: number;
}

export interface AuditEventsTable {
  event_id: Generated<number>;
  time: number;
  /** The verified identity: `anonymous` until requests are authenticated. */
  actor: string;
  /** The user name the request claimed, unverified (migration 7); null when it claimed none. */
  actor_claimed: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  /** JSON object summarising the change. */
  summary: string;
  /** Place in the hash chain, in the order the sealer saw events committed (migration 13); null until sealed. */
  seq: number | null;
  /** SHA-256 of the event's canonical bytes (core/audit/audit-chain.ts), hex; null until sealed. */
  leaf_hash: string | null;
  /** SHA-256 binding this event to every one before it, hex; null until sealed. */
  chain_hash: string | null;
}

/** Signed checkpoints of the audit chain (migration 13): the first `size` events hash to `root_hash`. */
export interface AuditCheckpointsTable {
  checkpoint_id: Generated<number>;
  size: number;
  root_hash: string;
  time: number;
  key_id: string;
  /** Ed25519 signature, base64. */
  signature: string;
}

/** Registry tables (migration 0002). Models have a surrogate id so a rename is one row. */
export interface RegisteredModelsTable {
  model_id: Generated<number>;
  name: string;
  description: string | null;
  creation_time: number;
  last_updated_time: number;
  /** The highest version number ever allocated; versions are never renumbered or reused. */
  last_version: number;
}

export interface RegisteredModelTagsTable {
  model_id: number;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  version_id: Generated<number>;
  model_id: number;
  version: number;
  creation_time: number;
  last_updated_time: number;
  user_id: string | null;
  current_stage: string; // None | Staging | Production | Archived
  description: string | null;
  source: string;
  run_id: string | null;
  run_link: string | null;
  status: string; // READY | PENDING_REGISTRATION | FAILED_REGISTRATION
  status_message: string | null;
  storage_location: string;
}

export interface ModelVersionTagsTable {
  version_id: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasesTable {
  model_id: number;
  alias: string;
  version: number;
}

/** Alias sets/moves/deletes and stage transitions, append-only. */
export interface RegistryHistoryTable {
  event_id: Generated<number>;
  model_id: number;
  version: number;
  kind: string; // alias_set | alias_moved | alias_deleted | stage_transition
  alias: string | null;
  stage: string | null;
  previous_version: number | null;
  previous_stage: string | null;
  actor: string;
  time: number;
  /** The promotion request that moved the alias (migration 0014); null for direct changes. */
  request_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: the PromotionJustification of a move made by a promotion (migration 0016); null otherwise. */
  justification: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Dataset registry (migration 0003): named datasets, versions identified by content digest. */
export interface RegistryDatasetsTable {
  dataset_id: Generated<number>;
  name: string;
  description: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  /** The highest version number allocated; versions are dense (1, 2, 3…). */
  last_version: number;
}

export interface RegistryDatasetVersionsTable {
  dataset_id: number;
  version: number;
  digest: string;
  size: number;
  file_count: number;
  source_uri: string;
  /** JSON text of an object. */
  schema: string | null;
  profile: string | null;
  created_by: string;
  created_at: number;
}

/** Webhooks (migration 0004): MLflow 3's webhook subscriptions and their delivery outbox. */
export interface WebhooksTable {
  webhook_id: string;
  name: string;
  description: string | null;
  url: string;
  /** JSON array of event names, e.g. ["model_version.created"]. */
  events: string;
  /** Signs deliveries; never returned by the API. */
  secret: string | null;
  status: string; // ACTIVE | DISABLED
  creation_time: number;
  last_updated_time: number;
}

export interface WebhookDeliveriesTable {
  delivery_seq: Generated<number>;
  /** A uuid, sent as X-MLflow-Delivery-Id (the same on every retry). */
  delivery_id: string;
  webhook_id: string;
  event: string;
  /** JSON of the domain event's payload. */
  payload: string;
  status: string; // pending | succeeded | failed
  /** Attempts started; a claim increments it and uses it as its fencing token. */
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_response: string | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface WebhookDeliveryAttemptsTable {
  delivery_seq: number;
  attempt: number;
  time: number;
  duration_ms: number;
  status_code: number | null;
  response: string | null;
  error: string | null;
  outcome: string; // succeeded | retry | failed
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: ColumnType<number, number, never>;
}

export interface Database extends IdentityTables {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_tags: RunTagsTable;
  params: ParamsTable;
  experiment_key_counts: ExperimentKeyCountsTable;
  metrics: MetricsTable;
  latest_metrics: LatestMetricsTable;
  metric_rollups: MetricRollupsTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  audit_events: AuditEventsTable;
  audit_checkpoints: AuditCheckpointsTable;
  gc_pending_artifacts: GcPendingArtifactsTable;
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  registered_model_aliases: RegisteredModelAliasesTable;
  registry_history: RegistryHistoryTable;
  registry_datasets: RegistryDatasetsTable;
  registry_dataset_versions: RegistryDatasetVersionsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  saved_views: SavedViewsTable;
  promotion_policies: PromotionPoliciesTable;
  promotion_requests: PromotionRequestsTable;
  promotion_votes: PromotionVotesTable;
  gate_results: GateResultsTable;
  deployments: DeploymentsTable;
  deployment_events: DeploymentEventsTable;
  grants: GrantsTable;
  server_rights: ServerRightsTable;
  strata_migrations: SchemaMigrationsTable;
}

export interface SavedViewsTable {
  view_id: string;
  experiment_id: number;
  name: string;
  state: string;
  created_by: string;
  created_time: number;
  last_update_time: number;
}

/** Protected aliases and promotion requests (migration 0014). */
export interface PromotionPoliciesTable {
  model_id: number;
  /** JSON: the ProtectedAliasRule list. */
  rules: string;
  updated_by: string;
  updated_time: number;
}

export interface PromotionRequestsTable {
  request_id: string;
  model_id: number;
  version: number;
  alias: string;
  reason: string;
  state: string;
  requested_by: string;
  /** JSON: the ProtectedAliasRule the request was made under. */
  rule: string;
  created_time: number;
  expires_time: number;
  decided_time: number | null;
  /** Who or what closed the request (migration 0016); null while pending or when closed before. */
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** A rollback's request: the version the alias held when it was made (migration 0016). */
  rollback_of_version: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface PromotionVotesTable {
  request_id: string;
  approver: string;
  decision: string;
  comment: string;
  time: number;
}

/** Role grants and server-wide rights (migration 0012). */
export interface GrantsTable {
  resource_type: string;
  resource_key: string;
  principal_type: string;
  principal_name: string;
  role: string;
  granted_by: string;
  granted_time: number;
}

export interface ServerRightsTable {
  principal_type: string;
  principal_name: string;
  server_right: string;
}

/** Evaluation gate results (migration 0015); JSON columns hold text, read and written whole. */
export interface GateResultsTable {
  seq: Generated<number>;
  result_id: string;
  gate: string;
  spec_hash: string;
  spec_text: string;
  status: string;
  run_id: string;
  model_id: number | null;
  version: number | null;
  /** JSON: GateChampion with the model's id instead of its name. */
  champion: string | null;
  /** JSON: GateRuleResult[] (NaN and infinities as strings, see gate-result-queries.ts). */
  rules: string;
  ran_by: string;
  ci_job_url: string | null;
  /** JSON: Record<string, string>. */
  ci: string;
  created_time: number;
}

/** Deployment records (migration 0018): serving instances and the events they recorded. */
export interface DeploymentsTable {
  deployment_id: string;
  name: string;
  environment: string;
  endpoint_url: string;
  host: string;
  pid: number | null;
  model_uri: string;
  model_name: string;
  alias: string | null;
  current_version: number | null;
  started_time: number;
  last_heartbeat_time: number;
  stopped_time: number | null;
  registered_by: string | null;
}

export interface DeploymentEventsTable {
  seq: Generated<number>;
  event_id: string;
  deployment_id: string;
  deployment_name: string;
  model_name: string;
  alias: string | null;
  kind: string;
  time: number;
  from_version: number | null;
  to_version: number | null;
  reason: string;
  message: string | null;
}
