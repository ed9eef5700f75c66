/**
 * The MetadataStore port: everything the tracking services need from a database.
 * One SQL implementation (src/store) serves SQLite and PostgreSQL; the contract
 * suite beside it runs on both.
 *
 * The store does storage only. MLflow's rules (validation, truncation, run-name
 * tag mirroring, "params are immutable") live in core services, which call these
 * methods inside `transaction` so a change and its audit event commit together.
 */
import type { AuditLedger } from './audit-ledger.js';
import type {
  AuditEvent,
  AuditEventInput,
  Dataset,
  DatasetInput,
  Experiment,
  LifecycleStage,
  Metric,
  Page,
  Param,
  Run,
  RunInfo,
  RunStatus,
  Tag,
  ViewType,
} from '../entities.js';
import type { FilterExpr, OrderByKey } from '../search/ast.js';
import type { RegistryRepository } from './registry-repository.js';
import type { GcRepository } from './gc-repository.js';
import type { DatasetRegistryRepository } from './dataset-registry-repository.js';
import type { SavedViewRepository } from './saved-view-repository.js';
import type { RunGroupRepository } from './run-group-repository.js';
import type { LineageRepository } from './lineage-repository.js';
import type { MetricRollupRepository } from './metric-rollup-repository.js';
import type { WebhookRepository } from './webhook-repository.js';
import type { PromotionRepository } from './promotion-repository.js';
import type { IdentityRepository } from './identity-repository.js';
import type { AuditVisibility, GrantRepository } from './grant-repository.js';
import type { GateRepository } from './gate-repository.js';
import type { DeploymentRepository } from './deployment-repository.js';

export interface NewExperiment {
  name: string;
  /** A fixed location, or one derived from the id the store assigns. */
  artifactLocation: string | ((experimentId: string) => string);
  tags: Tag[];
  creationTime: number;
}

export interface NewRun {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  artifactUri: string;
  tags: Tag[];
}

export interface RunInfoUpdate {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface ExperimentSearchQuery {
  filter?: FilterExpr;
  /** Only these experiments (what the caller may read); absent: all. */
  onlyIds?: readonly string[];
  orderBy: OrderByKey[];
  viewType: ViewType;
  maxResults: number;
  pageToken?: string;
}

/** For reads that can run long: aborting the signal cancels the query (the client went away). */
export interface QueryOptions {
  signal?: AbortSignal;
}

export interface RunSearchQuery extends QueryOptions {
  experimentIds: string[];
  filter?: FilterExpr;
  orderBy: OrderByKey[];
  viewType: ViewType;
  maxResults: number;
  pageToken?: string;
}

export interface MetricHistoryQuery extends QueryOptions {
  runId: string;
  key: string;
  /** Absent: the whole history in one page. */
  maxResults?: number;
  pageToken?: string;
}

export interface MetricWithRunId extends Metric {
  runId: string;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  /** Matches the verified actor or the claimed name. */
  actor?: string;
  action?: string;
  /** Inclusive, ms since epoch. */
  since?: number;
  /** Exclusive, ms since epoch. */
  until?: number;
  maxResults: number;
  pageToken?: string;
  /** Only events of entities the caller may read; absent: the whole log (admins, auditors, auth off). */
  visibleTo?: AuditVisibility;
}

export interface ExperimentRunStats {
  experimentId: string;
  /** Active (not deleted) runs. */
  runCount: number;
  /** The latest end time, or start time of a run not ended, over those runs; ms since epoch. */
  lastRunTime: number;
}

/** A key of an experiment's active runs and how many of them have it. */
export interface KeyCount {
  key: string;
  runCount: number;
}

export interface ExperimentKeysQuery {
  experimentId: string;
  /** Only keys starting with this (case-sensitive). */
  prefix?: string;
  /** Per kind; each list is sorted by key and cut at this length. */
  maxResults: number;
}

export interface ExperimentKeys {
  params: KeyCount[];
  metrics: KeyCount[];
  tags: KeyCount[];
  truncated: boolean;
}

/** Keys whose values a column projection returns. */
export interface RunColumns {
  params: string[];
  metrics: string[];
  tags: string[];
}

/** Metric envelopes' roll-ups live beside the metrics they summarize. */
export interface TrackingRepository extends MetricRollupRepository {
  // experiments
  createExperiment(input: NewExperiment): Promise<string>;
  findExperiment(experimentId: string): Promise<Experiment | undefined>;
  findExperimentByName(name: string): Promise<Experiment | undefined>;
  renameExperiment(experimentId: string, newName: string, time: number): Promise<void>;
  /**
   * Deleting an experiment marks its active runs deleted; restoring brings back those runs.
   * False when there is no such experiment (`strata gc` may have removed it since it was read).
   */
  setExperimentLifecycle(experimentId: string, stage: LifecycleStage, time: number): Promise<boolean>;
  setExperimentTag(experimentId: string, tag: Tag): Promise<void>;
  /** Returns false when the tag did not exist. */
  deleteExperimentTag(experimentId: string, key: string): Promise<boolean>;
  searchExperiments(query: ExperimentSearchQuery): Promise<Page<Experiment>>;
  /** Active runs of each experiment and when the latest one started or ended; experiments without runs are left out. */
  experimentRunStats(experimentIds: string[]): Promise<ExperimentRunStats[]>;

  // runs
  createRun(input: NewRun): Promise<void>;
  findRun(runId: string): Promise<Run | undefined>;
  findRunInfo(runId: string): Promise<RunInfo | undefined>;
  updateRunInfo(runId: string, update: RunInfoUpdate): Promise<void>;
  /** False when there is no such run (`strata gc` may have removed it since it was read). */
  setRunLifecycle(runId: string, stage: LifecycleStage, time: number): Promise<boolean>;
  /** Upserts every tag. */
  setRunTags(runId: string, tags: Tag[]): Promise<void>;
  /** Returns false when the tag did not exist. */
  deleteRunTag(runId: string, key: string): Promise<boolean>;
  /**
   * Inserts the params whose key the run does not have yet and leaves the others as they
   * are. Returns the stored param of every key that was already present, ordered by key
   * (empty when all were new), so the caller can refuse a changed value and roll back.
   */
  insertParams(runId: string, params: Param[]): Promise<Param[]>;
  /** Appends points to the history (an identical point twice is stored once) and updates the latest value per key. */
  logMetrics(runId: string, metrics: Metric[]): Promise<void>;
  /** Records dataset inputs; a dataset identical by (experiment, name, digest) is stored once. */
  logInputs(runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void>;
  searchRuns(query: RunSearchQuery): Promise<Page<Run>>;
  /** searchRuns' page with each run's data cut to `columns` (latest metric values) and no inputs. */
  searchRunColumns(query: RunSearchQuery, columns: RunColumns): Promise<Page<Run>>;
  /** Distinct param, metric and tag keys of an experiment's active runs, with run counts. */
  experimentKeys(query: ExperimentKeysQuery): Promise<ExperimentKeys>;

  // metrics
  getMetricHistory(query: MetricHistoryQuery): Promise<Page<Metric>>;
  /**
   * The whole history of one metric as the JSON text of GetMetricHistory's `metrics` list
   * ('[]' when empty), in getMetricHistory's order, NaN and ±Infinity as proto3 strings.
   * Numbers are the same doubles as getMetricHistory's, not necessarily in the same digits.
   */
  getMetricHistoryJson(runId: string, key: string, options?: QueryOptions): Promise<string>;
  /** Distinct steps of one metric over several runs, ascending, within [startStep, endStep]. */
  listMetricSteps(runIds: string[], key: string, startStep?: number, endStep?: number): Promise<number[]>;
  /** Every point of one metric at the given steps, ordered by run, step, timestamp. */
  getMetricsAtSteps(runIds: string[], key: string, steps: number[]): Promise<MetricWithRunId[]>;

  // datasets logged as run inputs
  findDatasetsByDigest(digest: string): Promise<Array<Dataset & { experimentId: string }>>;

  // audit
  appendAuditEvent(event: AuditEventInput & { time: number }): Promise<void>;
  listAuditEvents(query: AuditQuery): Promise<Page<AuditEvent>>;
}

/** Everything a transaction can reach: tracking, the model and dataset registries, gc's purges, webhooks, lineage, the runs table's saved views and groups, promotions, identities, authorization grants, gate results and deployment records. */
export interface MetadataRepository
  extends TrackingRepository, RegistryRepository, GcRepository, DatasetRegistryRepository, WebhookRepository, LineageRepository, SavedViewRepository, RunGroupRepository,
    PromotionRepository, IdentityRepository, GrantRepository, GateRepository, DeploymentRepository {}

export interface MetadataStore extends MetadataRepository {
  /** Runs `fn` in one database transaction; everything it does commits together or not at all. */
  transaction<T>(fn: (tx: MetadataRepository) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns the versions applied. */
  migrate(): Promise<number[]>;
  /**
   * Whether a query can get a connection and finish within `timeoutMs`: undefined when it
   * can, else a few words saying why not (a starved pool, an unreachable database).
   */
  checkHealth(timeoutMs: number): Promise<string | undefined>;
  close(): Promise<void>;
  readonly dialect: 'sqlite' | 'postgresql';
  /** The audit log's hash chain and checkpoints (sealed outside the writers' transactions). */
  readonly auditLedger: AuditLedger;
}
