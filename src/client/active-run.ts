import type { Run, RunStatus } from '../api/mlflow-tracking.js';
import { MAX_ENTITY_KEY_LENGTH } from '../api/limits.js';
import type { StrataClient } from './strata-client.js';
import { MetricBuffer } from './metric-buffer.js';
import { logParamsAndTags, toEntries } from './start-run.js';
import { toWireDouble } from './wire-double.js';
import { loadNodeArtifacts } from './load-node-artifacts.js';
import type { UploadOptions } from './node/transfer-options.js';
import { loadNodeDatasets } from './load-node-datasets.js';
import type { LogDatasetOptions, LoggedDataset } from './node/log-dataset-options.js';
import type { LogModelOptions, LoggedModel } from './node/log-model-options.js';
import { trackRunForExit, untrackRunForExit, type ExitBoundRun } from './run-exit-hooks.js';

export interface ActiveRunOptions {
  /** Points per log-batch request; at most 1000 (the server's limit). */
  maxBatchSize?: number;
  /** How long a point may wait for a full batch. */
  flushIntervalMs?: number;
  /** Failures of background flushes; by default printed to stderr once per failure. */
  onError?: (error: unknown) => void;
  /**
   * In Node, if the process dies before end(): flush, then mark the run FAILED on an uncaught
   * exception, KILLED on SIGINT/SIGTERM (see run-exit-hooks.ts). Default true; false leaves
   * the run RUNNING. Buffered points are flushed at a normal exit either way.
   */
  endOnExit?: boolean;
}

type ParamValue = string | number | boolean;

/**
 * A run being recorded by a training script. Metrics are buffered and sent in batches
 * (see MetricBuffer); params and tags are sent at once, so `await` tells you they landed.
 * Points still queued when the process runs out of work are flushed by a beforeExit hook;
 * a run left open when the process dies of an exception or a signal is ended FAILED or KILLED.
 */
export class ActiveRun implements ExitBoundRun {
  readonly runId: string;
  readonly experimentId: string;
  /** The run as the server created it. */
  readonly run: Run;
  private readonly client: StrataClient;
  private readonly buffer: MetricBuffer;
  private isEnded = false;
  private exitFlushFailed = false;

  constructor(client: StrataClient, run: Run, options: ActiveRunOptions = {}) {
    this.client = client;
    this.run = run;
    this.runId = run.info.run_id;
    this.experimentId = run.info.experiment_id;
    this.buffer = new MetricBuffer({
      ...options,
      onError: options.onError ?? reportToStderr,
      send: async (metrics) => {
        await client.logBatch({ run_id: this.runId, metrics });
      },
    });
    trackRunForExit(this, { endOnExit: options.endOnExit !== false });
  }

  /** Queues one point; returns at once. Throws only for a point the server would reject. */
  logMetric(key: string, value: number, step = 0, timestamp = Date.now()): void {
    if (this.isEnded) throw new Error(`run ${this.runId} has ended; cannot log metric "${key}"`);
    checkKey(key);
    this.buffer.add({ key, value: toWireDouble(value), timestamp, step });
  }

  logMetrics(metrics: Record<string, number>, step = 0, timestamp = Date.now()): void {
    for (const [key, value] of Object.entries(metrics)) this.logMetric(key, value, step, timestamp);
  }

  /** Node only: uploads a local file as `<artifactPath>/<file name>` in this run's artifacts. */
  async logArtifact(localPath: string, artifactPath?: string, options?: UploadOptions): Promise<void> {
    await (await loadNodeArtifacts()).logArtifact(this.client, this.runId, localPath, artifactPath, options);
  }

  /** Node only: uploads everything below `dir` under `artifactPath`, many files in parallel. */
  async logArtifacts(dir: string, artifactPath?: string, options?: UploadOptions): Promise<void> {
    await (await loadNodeArtifacts()).logArtifacts(this.client, this.runId, dir, artifactPath, options);
  }

  /**
   * Node only: logs a versioned file or folder as an input of this run (runs/log-inputs, with
   * `mlflow.data.context` = `context`). The digest is read from `<path>.strata`, or computed
   * as `strata data add` would; the run is then linked to the registered dataset version with
   * that digest, and found by `datasets.digest = '<digest>'`.
   */
  async logDataset(options: LogDatasetOptions): Promise<LoggedDataset> {
    return (await loadNodeDatasets()).logDataset(this.client, this.runId, options);
  }

  /**
   * Node only: logs an ONNX model as an MLflow model directory under `path` (default `model`),
   * written as `mlflow.onnx.log_model` writes it (MLmodel with the onnx and python_function
   * flavors, signature, input example), records it in the run's logged-models tag, and, with
   * `registeredModelName`, registers it as a new version. `strata serve` serves the result.
   */
  async logModel(options: LogModelOptions): Promise<LoggedModel> {
    return (await loadNodeArtifacts()).logModel(this.client, this.runId, options);
  }

  async logParam(key: string, value: ParamValue): Promise<void> {
    await this.logParams({ [key]: value });
  }

  async logParams(params: Record<string, ParamValue>): Promise<void> {
    await logParamsAndTags(this.client, this.runId, toEntries(params), []);
  }

  async setTag(key: string, value: string): Promise<void> {
    await this.setTags({ [key]: value });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    await logParamsAndTags(this.client, this.runId, [], toEntries(tags));
  }

  /** Number of metric points not yet acknowledged by the server. */
  get pendingMetricCount(): number {
    return this.buffer.pendingCount;
  }

  /** Sends every queued point; rejects if some could not be delivered (they stay queued). */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  /**
   * Flushes, then marks the run ended. If the flush fails the run is left RUNNING and the
   * error thrown, so a run is never reported FINISHED with metrics missing; calling end()
   * again retries.
   */
  async end(status: RunStatus = 'FINISHED'): Promise<void> {
    if (this.isEnded) return;
    await this.buffer.flush();
    await this.markEnded(status);
  }

  /** For the exit hooks: starts a flush of queued points; gives up after one failure so it cannot loop. */
  flushAtExit(): void {
    if (this.buffer.pendingCount === 0 || this.exitFlushFailed) return;
    this.buffer.flush().catch((error: unknown) => {
      this.exitFlushFailed = true;
      reportToStderr(error, `run ${this.runId}: ${this.buffer.pendingCount} metric points not delivered at exit`);
    });
  }

  /**
   * For the exit hooks: flush what can be flushed, then record `status`. Never rejects: the
   * process is going away. `once`: the status is sent in one attempt (a normal exit must not
   * wait out retries against a server that is already gone).
   */
  async endAtExit(status: RunStatus, options: { once?: boolean } = {}): Promise<void> {
    if (this.isEnded) return;
    try {
      await this.buffer.flush();
    } catch (error) {
      reportToStderr(error, `run ${this.runId}: ${this.buffer.pendingCount} metric points not delivered at exit`);
    }
    try {
      await this.markEnded(status, options);
    } catch (error) {
      reportToStderr(error, `run ${this.runId}: could not be marked ${status} at exit`);
    }
  }

  private async markEnded(status: RunStatus, options: { once?: boolean } = {}): Promise<void> {
    await this.client.call('updateRun', { run_id: this.runId, status, end_time: Date.now() }, options);
    this.isEnded = true;
    this.buffer.dispose();
    untrackRunForExit(this);
  }
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_ENTITY_KEY_LENGTH) {
    throw new RangeError(`metric key must be 1 to ${MAX_ENTITY_KEY_LENGTH} characters, got ${key.length}`);
  }
}

function reportToStderr(error: unknown, context = 'strata: background metric flush failed'): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${context}: ${message}`);
}
