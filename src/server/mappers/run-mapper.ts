/**
 * Domain runs to MLflow's JSON and wire inputs to domain values. Empty lists are left
 * out, `data` and `inputs` are always present, as MLflow's Run.to_proto produces them.
 */
import type {
  DatasetInput as WireDatasetInput,
  Metric as WireMetric,
  Run as WireRun,
  RunData as WireRunData,
  RunInfo as WireRunInfo,
} from '../../api/mlflow-tracking.js';
import type { DatasetInput, Metric, Run, RunInfo, Tag } from '../../core/entities.js';
import { invalidParameter } from '../../core/errors.js';
import { toWireDouble } from './wire-double.js';

export function runInfoToWire(info: RunInfo): WireRunInfo {
  const wire: WireRunInfo = {
    run_uuid: info.runId,
    run_id: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
  };
  if (info.endTime) wire.end_time = info.endTime;
  return wire;
}

export function metricToWire(metric: Metric): WireMetric {
  return { key: metric.key, value: toWireDouble(metric.value), timestamp: metric.timestamp, step: metric.step };
}

const tagsToWire = (tags: Tag[]): Tag[] => tags.map(({ key, value }) => ({ key, value }));

function datasetInputToWire(input: DatasetInput): WireDatasetInput {
  const { dataset } = input;
  const wire: WireDatasetInput = {
    dataset: { name: dataset.name, digest: dataset.digest, source_type: dataset.sourceType, source: dataset.source },
  };
  if (dataset.schema) wire.dataset.schema = dataset.schema;
  if (dataset.profile) wire.dataset.profile = dataset.profile;
  if (input.tags.length > 0) wire.tags = tagsToWire(input.tags);
  return wire;
}

export function runToWire(run: Run): WireRun {
  const data: WireRunData = {};
  if (run.data.metrics.length > 0) data.metrics = run.data.metrics.map(metricToWire);
  if (run.data.params.length > 0) data.params = tagsToWire(run.data.params);
  if (run.data.tags.length > 0) data.tags = tagsToWire(run.data.tags);
  const inputs = run.inputs.datasetInputs.length > 0 ? { dataset_inputs: run.inputs.datasetInputs.map(datasetInputToWire) } : {};
  return { info: runInfoToWire(run.info), data, inputs };
}

function requiredText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalidParameter(`${what} cannot be None`);
  return value;
}

/**
 * A field MLflow's proto parsing fills with its default, "", when absent (or null): MLflow
 * 2.17 then stores "" (a dataset logged without a digest is kept with digest "").
 */
function textOrEmpty(value: unknown, what: string): string {
  return value === undefined || value === null ? '' : requiredText(value, what);
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * One entry of log-inputs' `datasets`, with MLflow's "… cannot be None" messages. The name
 * is required (a dataset without one cannot be told apart); digest, source type and source
 * default to "" as MLflow stores them.
 */
export function datasetInputFromWire(raw: Record<string, unknown>): DatasetInput {
  const dataset = raw.dataset;
  if (typeof dataset !== 'object' || dataset === null) throw invalidParameter('Dataset cannot be None');
  const d = dataset as Record<string, unknown>;
  const tags = Array.isArray(raw.tags) ? (raw.tags as Array<Record<string, unknown>>) : [];
  return {
    dataset: {
      name: requiredText(d.name, 'Dataset name'),
      digest: textOrEmpty(d.digest, 'Dataset digest'),
      sourceType: textOrEmpty(d.source_type, 'Dataset source_type'),
      source: textOrEmpty(d.source, 'Dataset source'),
      schema: optionalText(d.schema),
      profile: optionalText(d.profile),
    },
    tags: tags.map((t) => ({ key: requiredText(t?.key, 'InputTag key'), value: requiredText(t?.value, 'InputTag value') })),
  };
}

/** Key/value lists (tags, params) from the wire; presence of `key` checked with MLflow's path. */
export function keyValuesFromWire(items: Array<Record<string, unknown>>): Array<{ key: string; value: string }> {
  return items.map((item) => ({ key: item.key as string, value: (item.value ?? '') as string }));
}
