/** Metric history reads: full history of one metric, and MLflow's sampled bulk-interval view. */
import {
  GET_HISTORY_BULK_INTERVAL_MAX_RESULTS_DEFAULT,
  GET_HISTORY_BULK_INTERVAL_MAX_RESULTS_THRESHOLD,
  GET_HISTORY_BULK_INTERVAL_MAX_RUN_IDS,
} from '../../api/limits.js';
import type { Metric, Page } from '../entities.js';
import { invalidParameter } from '../errors.js';
import { sampleMetricSteps, type StepRange } from '../metric-sampling.js';
import type { MetricWithRunId } from '../ports/metadata-store.js';
import { requireRunInfo, type ServiceDeps } from './service-deps.js';

export interface MetricHistoryInput {
  runId: string;
  key: string;
  maxResults?: number;
  pageToken?: string;
  /** Aborted when nobody waits for the answer any more: the store cancels the query. */
  signal?: AbortSignal;
}

/** A whole history as the JSON text of GetMetricHistory's `metrics` list ('[]' when empty). */
export interface WholeHistoryJson {
  metricsJson: string;
}

export interface BulkIntervalInput {
  runIds: string[];
  key: string;
  startStep?: number;
  endStep?: number;
  maxResults?: number;
}

function stepRange(startStep: number | undefined, endStep: number | undefined): StepRange | undefined {
  if (startStep === undefined && endStep === undefined) return undefined;
  if (startStep === undefined || endStep === undefined) {
    throw invalidParameter('If either start step or end step are specified, both must be specified.');
  }
  if (startStep > endStep) {
    throw invalidParameter(
      `end_step must be greater than start_step. Found start_step=${startStep} and end_step=${endStep}.`,
    );
  }
  return { start: startStep, end: endStep };
}

export class MetricService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Unlike MLflow's SQL store, an unknown run is reported rather than answered with nothing.
   * Without max_results or page_token the whole history comes as JSON text from the store.
   */
  async getHistory(input: MetricHistoryInput): Promise<Page<Metric> | WholeHistoryJson> {
    if (input.maxResults !== undefined && input.maxResults < 1) {
      throw invalidParameter(`Invalid value ${input.maxResults} for parameter 'max_results' supplied.`);
    }
    await requireRunInfo(this.deps.store, input.runId);
    if (input.maxResults === undefined && !input.pageToken) {
      return { metricsJson: await this.deps.store.getMetricHistoryJson(input.runId, input.key, { signal: input.signal }) };
    }
    return this.deps.store.getMetricHistory({
      runId: input.runId,
      key: input.key,
      maxResults: input.maxResults,
      pageToken: input.pageToken || undefined,
      signal: input.signal,
    });
  }

  /** Points of the sampled steps, grouped by run in request order, then by step and time. */
  async getHistoryBulkInterval(input: BulkIntervalInput): Promise<MetricWithRunId[]> {
    const { runIds, key } = input;
    const limit = GET_HISTORY_BULK_INTERVAL_MAX_RUN_IDS;
    if (runIds.length > limit) {
      throw invalidParameter(
        `GetMetricHistoryBulkInterval request must specify at most ${limit} run_ids. Received ${runIds.length} run_ids.`,
      );
    }
    const maxResults = input.maxResults ?? GET_HISTORY_BULK_INTERVAL_MAX_RESULTS_DEFAULT;
    const max = GET_HISTORY_BULK_INTERVAL_MAX_RESULTS_THRESHOLD;
    if (maxResults < 1 || maxResults > max) throw invalidParameter(`max_results must be between 1 and ${max}.`);
    const range = stepRange(input.startStep, input.endStep);
    const uniqueRunIds = [...new Set(runIds)];
    const stepsPerRun = await Promise.all(uniqueRunIds.map((id) => this.deps.store.listMetricSteps([id], key)));
    const steps = sampleMetricSteps(stepsPerRun, maxResults, range);
    if (steps.length === 0) return [];
    const points = await this.deps.store.getMetricsAtSteps(uniqueRunIds, key, steps);
    const order = new Map(uniqueRunIds.map((id, i) => [id, i]));
    // Array.prototype.sort is stable, so the store's step/timestamp order holds within a run.
    return points.sort((a, b) => (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0));
  }
}
