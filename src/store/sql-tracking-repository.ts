/**
 * TrackingRepository over a Kysely handle. The same code runs on the database or
 * on a transaction: SqlMetadataStore.transaction hands `new SqlTrackingRepository(trx)`
 * to the caller. Each method delegates to a small query module.
 */
import type { Kysely } from 'kysely';
import type {
  AuditEvent, AuditEventInput, Dataset, DatasetInput, Experiment, LifecycleStage, Metric, Page, Param, Run, RunInfo, Tag,
} from '../core/entities.js';
import type {
  AuditQuery, ExperimentKeys, ExperimentKeysQuery, ExperimentRunStats, RunColumns, ExperimentSearchQuery, MetricHistoryQuery, MetricWithRunId, NewExperiment, NewRun, QueryOptions,
  RunInfoUpdate, RunSearchQuery, TrackingRepository,
} from '../core/ports/metadata-store.js';
import type { SummaryPoint } from '../core/metric-summary.js';
import type { IndexRange, MetricSeriesRef, RollupBlock, RollupRefreshOptions, StoredTop } from '../core/ports/metric-rollup-repository.js';
import * as audit from './audit-queries.js';
import type { DialectQuirks } from './dialect-quirks.js';
import * as experiments from './experiment-queries.js';
import { experimentRunStats } from './experiment-stats-queries.js';
import * as runColumns from './run-columns-queries.js';
import * as inputs from './input-queries.js';
import { loadRuns } from './load-runs.js';
import * as metrics from './metric-queries.js';
import * as rollups from './metric-rollup-queries.js';
import * as runs from './run-queries.js';
import type { Database } from './schema.js';
import * as search from './search-queries.js';
import * as gc from './gc-queries.js';
import { withQuerySignal } from './query-signal.js';
import type {
  ArtifactReferences, DeletedExperimentRow, DeletedRunRow, GcRepository, PendingArtifactDeletion, UnderivedRunRow,
} from '../core/ports/gc-repository.js';

export class SqlTrackingRepository implements TrackingRepository, GcRepository {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly quirks: DialectQuirks,
  ) {}

  createExperiment(input: NewExperiment): Promise<string> {
    return experiments.insertExperiment(this.db, this.quirks, input);
  }
  findExperiment(experimentId: string): Promise<Experiment | undefined> {
    return experiments.findExperiment(this.db, experimentId);
  }
  findExperimentByName(name: string): Promise<Experiment | undefined> {
    return experiments.findExperimentByName(this.db, name);
  }
  renameExperiment(experimentId: string, newName: string, time: number): Promise<void> {
    return experiments.renameExperiment(this.db, this.quirks, experimentId, newName, time);
  }
  setExperimentLifecycle(experimentId: string, stage: LifecycleStage, time: number): Promise<boolean> {
    return experiments.setExperimentLifecycle(this.db, experimentId, stage, time);
  }
  setExperimentTag(experimentId: string, tag: Tag): Promise<void> {
    return experiments.setExperimentTag(this.db, experimentId, tag);
  }
  deleteExperimentTag(experimentId: string, key: string): Promise<boolean> {
    return experiments.deleteExperimentTag(this.db, experimentId, key);
  }
  searchExperiments(query: ExperimentSearchQuery): Promise<Page<Experiment>> {
    return search.searchExperiments(this.db, query);
  }
  experimentRunStats(experimentIds: string[]): Promise<ExperimentRunStats[]> {
    return experimentRunStats(this.db, experimentIds);
  }

  createRun(input: NewRun): Promise<void> {
    return runs.insertRun(this.db, input);
  }
  async findRun(runId: string): Promise<Run | undefined> {
    const [run] = await loadRuns(this.db, this.quirks, [runId]);
    return run;
  }
  findRunInfo(runId: string): Promise<RunInfo | undefined> {
    return runs.findRunInfo(this.db, runId);
  }
  updateRunInfo(runId: string, update: RunInfoUpdate): Promise<void> {
    return runs.updateRunInfo(this.db, runId, update);
  }
  setRunLifecycle(runId: string, stage: LifecycleStage, time: number): Promise<boolean> {
    return runs.setRunLifecycle(this.db, this.quirks, runId, stage, time);
  }
  setRunTags(runId: string, tags: Tag[]): Promise<void> {
    return runs.upsertRunTags(this.db, this.quirks, runId, tags);
  }
  deleteRunTag(runId: string, key: string): Promise<boolean> {
    return runs.deleteRunTag(this.db, this.quirks, runId, key);
  }
  insertParams(runId: string, params: Param[]): Promise<Param[]> {
    return runs.insertParams(this.db, this.quirks, runId, params);
  }
  logMetrics(runId: string, points: Metric[]): Promise<void> {
    return metrics.logMetrics(this.db, runId, points);
  }
  logInputs(runId: string, experimentId: string, datasetInputs: DatasetInput[]): Promise<void> {
    return inputs.logInputs(this.db, runId, experimentId, datasetInputs);
  }
  searchRuns(query: RunSearchQuery): Promise<Page<Run>> {
    return withQuerySignal(query.signal, () => search.searchRuns(this.db, this.quirks, query));
  }
  searchRunColumns(query: RunSearchQuery, columns: RunColumns): Promise<Page<Run>> {
    return withQuerySignal(query.signal, () => runColumns.searchRunColumns(this.db, query, columns));
  }
  experimentKeys(query: ExperimentKeysQuery): Promise<ExperimentKeys> {
    return runColumns.experimentKeys(this.db, query);
  }

  getMetricHistory(query: MetricHistoryQuery): Promise<Page<Metric>> {
    return withQuerySignal(query.signal, () => metrics.getMetricHistory(this.db, this.quirks, query));
  }

  getMetricHistoryJson(runId: string, key: string, options: QueryOptions = {}): Promise<string> {
    return withQuerySignal(options.signal, () => metrics.getMetricHistoryJson(this.db, this.quirks, runId, key));
  }
  listMetricSteps(runIds: string[], key: string, startStep?: number, endStep?: number): Promise<number[]> {
    return metrics.listMetricSteps(this.db, runIds, key, startStep, endStep);
  }
  getMetricsAtSteps(runIds: string[], key: string, steps: number[]): Promise<MetricWithRunId[]> {
    return metrics.getMetricsAtSteps(this.db, runIds, key, steps);
  }
  existingRunIds(runIds: string[]): Promise<Set<string>> {
    return rollups.existingRunIds(this.db, runIds);
  }
  refreshMetricRollups(series: MetricSeriesRef[], options?: RollupRefreshOptions): Promise<void> {
    return rollups.refreshMetricRollups(this.db, this.quirks, series, options);
  }
  listStaleMetricSeries(after: MetricSeriesRef | undefined, limit: number): Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }> {
    return rollups.listStaleMetricSeries(this.db, after, limit);
  }
  listRollupBlocks(series: MetricSeriesRef, level: number, ranges: readonly IndexRange[]): Promise<RollupBlock[]> {
    return rollups.listRollupBlocks(this.db, this.quirks, series, level, ranges);
  }
  listSeriesStoredOnEveryLevel(after: MetricSeriesRef | undefined, limit: number): Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }> {
    return rollups.listSeriesStoredOnEveryLevel(this.db, after, limit);
  }
  compactStoredTops(series: readonly MetricSeriesRef[]): Promise<number> {
    return rollups.compactStoredTops(this.db, this.quirks, series);
  }
  listStoredTops(series: readonly MetricSeriesRef[]): Promise<Array<StoredTop | undefined>> {
    return rollups.listStoredTops(this.db, this.quirks, series);
  }
  listRollupBlocksOfSeries(series: readonly MetricSeriesRef[], level: number, range: IndexRange): Promise<RollupBlock[][]> {
    return rollups.listRollupBlocksOfSeries(this.db, this.quirks, series, level, range);
  }
  listMetricPointsByStep(series: MetricSeriesRef, ranges: readonly IndexRange[]): Promise<SummaryPoint[]> {
    return rollups.listMetricPointsByStep(this.db, this.quirks, series, ranges);
  }

  findDatasetsByDigest(digest: string): Promise<Array<Dataset & { experimentId: string }>> {
    return inputs.findDatasetsByDigest(this.db, digest);
  }

  appendAuditEvent(event: AuditEventInput & { time: number }): Promise<void> {
    return audit.appendAuditEvent(this.db, event);
  }
  listAuditEvents(query: AuditQuery): Promise<Page<AuditEvent>> {
    return audit.listAuditEvents(this.db, query);
  }

  // gc (strata gc): lookups and permanent removal
  listDeletedRuns(cutoff: number): Promise<DeletedRunRow[]> {
    return gc.listDeletedRuns(this.db, cutoff);
  }
  listDeletedExperiments(cutoff: number): Promise<DeletedExperimentRow[]> {
    return gc.listDeletedExperiments(this.db, cutoff);
  }
  listRunIdsOfExperiment(experimentId: string): Promise<string[]> {
    return gc.listRunIdsOfExperiment(this.db, experimentId);
  }
  listExperimentArtifactLocations(): Promise<Array<{ experimentId: string; artifactLocation: string }>> {
    return gc.listExperimentArtifactLocations(this.db);
  }
  listUnderivedRunArtifactUris(): Promise<UnderivedRunRow[]> {
    return gc.listUnderivedRunArtifactUris(this.db);
  }
  lockArtifactLocations(): Promise<void> {
    return this.quirks.lockInTransaction(this.db, 'strata_artifact_locations');
  }
  listArtifactReferences(): Promise<ArtifactReferences> {
    return gc.listArtifactReferences(this.db);
  }
  purgeRun(runId: string): Promise<boolean> {
    return gc.purgeRun(this.db, runId);
  }
  purgeExperiment(experimentId: string): Promise<boolean> {
    return gc.purgeExperiment(this.db, experimentId);
  }

  addPendingArtifactDeletion(pending: PendingArtifactDeletion): Promise<void> {
    return gc.addPendingArtifactDeletion(this.db, pending);
  }

  listPendingArtifactDeletions(): Promise<PendingArtifactDeletion[]> {
    return gc.listPendingArtifactDeletions(this.db);
  }

  removePendingArtifactDeletion(path: string): Promise<void> {
    return gc.removePendingArtifactDeletion(this.db, path);
  }
}
