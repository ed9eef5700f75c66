/**
 * MLflow's input rules (mlflow/utils/validation.py, MLflow 2.17), with its error
 * messages where practical, so a client sees what an MLflow server would say.
 * Every rule throws StrataError INVALID_PARAMETER_VALUE.
 *
 * Wire values arrive as `unknown` (JSON or query-string text); the `to…` functions
 * turn them into domain values the way proto3 JSON parsing does (int64 as number or
 * integer string, doubles as number, numeric string, "NaN" or "±Infinity").
 */
import {
  MAX_DATASET_INPUTS_PER_REQUEST,
  MAX_ENTITIES_PER_BATCH,
  MAX_ENTITY_KEY_LENGTH,
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_EXPERIMENT_TAG_VALUE_LENGTH,
  MAX_METRICS_PER_BATCH,
  MAX_PARAMS_PER_BATCH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAGS_PER_BATCH,
  MAX_SEARCH_EXPERIMENT_IDS,
  MAX_TAG_VALUE_LENGTH,
  SEARCH_MAX_RESULTS_THRESHOLD,
} from '../api/limits.js';
import { RUN_STATUSES } from './entities.js';
import type { DatasetInput, Metric, Param, RunStatus, Tag, ViewType } from './entities.js';
import { invalidParameter } from './errors.js';
import { normalizePosixPath } from './posix-path.js';
import { shortenForMessage } from './shorten-for-message.js';

export const MAX_DATASET_NAME_LENGTH = 500;
/**
 * MLflow allows 36; Strata allows 64 so a dataset logged with its full BLAKE3 or SHA-256
 * hex digest (what `run.logDataset` sends, and what the dataset registry keys versions
 * by) is stored as is and found by `datasets.digest = '…'`.
 */
export const MAX_DATASET_DIGEST_LENGTH = 64;
export const MAX_DATASET_SOURCE_LENGTH = 65535;
export const MAX_DATASET_SCHEMA_LENGTH = 1048575;
export const MAX_DATASET_PROFILE_LENGTH = 16777215;
export const MAX_INPUT_TAG_KEY_LENGTH = 255;
export const MAX_INPUT_TAG_VALUE_LENGTH = 500;

// Python's \w is Unicode-aware; colons are allowed as on MLflow's non-Windows servers.
const KEY_NAME = /^[/\p{L}\p{N}_.\- :]*$/u;
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const INTEGER_STRING = /^[+-]?\d+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const NUMERIC_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Python's json.dumps(value, sort_keys=True) for the scalars MLflow quotes in messages. */
function pythonJson(value: unknown): string {
  if (value === undefined) return 'null';
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function invalidValueMessage(path: string, value: unknown, detail?: string): string {
  const shown = typeof value === 'string' ? shortenForMessage(value, { quote: pythonJson }) : shortenForMessage(pythonJson(value));
  return detail
    ? `Invalid value ${shown} for parameter '${path}' supplied: ${detail}`
    : `Invalid value ${shown} for parameter '${path}' supplied.`;
}

export function missingValueMessage(path: string): string {
  return `Missing value for required parameter '${path}'.`;
}

/** What MLflow's REST handlers say when a required field is absent or empty. */
export function requiredParameterMessage(path: string): string {
  return `${missingValueMessage(path)} See the API docs for more information about request parameters.`;
}

function joinPath(base: string, field: string): string {
  if (!base) return field;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}

const BAD_CHARACTER_MESSAGE =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).';

/** MLflow's path_not_unique: a key must not change when treated as a file path. */
export function isPathNotUnique(name: string): boolean {
  const norm = normalizePosixPath(name);
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

// Keys repeat across a batch and across calls; remembering valid ones skips the regex
// and path checks on the hot logging path. Bounded so odd workloads cannot grow it.
const knownValidKeys = new Set<string>();
const MAX_KNOWN_VALID_KEYS = 10_000;

/** The rule MLflow applies to metric, param and tag keys alike. */
export function validateKeyName(name: unknown, path: string): asserts name is string {
  if (typeof name === 'string' && knownValidKeys.has(name)) return;
  if (name === undefined || name === null) {
    throw invalidParameter(missingValueMessage(path));
  }
  if (typeof name !== 'string' || !KEY_NAME.test(name)) {
    throw invalidParameter(invalidValueMessage(path, name, BAD_CHARACTER_MESSAGE));
  }
  if (isPathNotUnique(name)) {
    const detail =
      'Names may be treated as files in certain cases, and must not resolve to other names' +
      ` when treated as such. This name would resolve to '${normalizePosixPath(name)}'`;
    throw invalidParameter(invalidValueMessage(path, name, detail));
  }
  if (knownValidKeys.size >= MAX_KNOWN_VALID_KEYS) knownValidKeys.clear();
  knownValidKeys.add(name);
}

function checkLength(entity: string, limit: number, value: string): void {
  if (value.length > limit) {
    throw invalidParameter(
      `${entity} '${shortenForMessage(value)}' had length ${value.length}, which exceeded length limit of ${limit}`,
    );
  }
}

/** MLflow 2.x servers truncate over-long param and tag values instead of refusing them. */
function truncate(value: string, limit: number): string {
  return value.length > limit ? value.slice(0, limit) : value;
}

function toStringValue(raw: unknown, path: string): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') {
    throw invalidParameter(invalidValueMessage(path, raw, `Hint: Value was of type '${typeof raw}'.`));
  }
  return raw;
}

export function validateParam(key: unknown, value: unknown, path = ''): Param {
  validateKeyName(key, joinPath(path, 'key'));
  checkLength('Param key', MAX_ENTITY_KEY_LENGTH, key);
  return { key, value: truncate(toStringValue(value, joinPath(path, 'value')), MAX_PARAM_VALUE_LENGTH) };
}

export function validateRunTag(key: unknown, value: unknown, path = ''): Tag {
  validateKeyName(key, joinPath(path, 'key'));
  checkLength('Tag key', MAX_ENTITY_KEY_LENGTH, key);
  return { key, value: truncate(toStringValue(value, joinPath(path, 'value')), MAX_TAG_VALUE_LENGTH) };
}

/** Experiment tags are refused, not truncated, when too long (as in MLflow). */
export function validateExperimentTag(key: unknown, value: unknown): Tag {
  validateKeyName(key, 'key');
  const text = toStringValue(value, 'value');
  checkLength('Tag key', MAX_ENTITY_KEY_LENGTH, key);
  checkLength('Tag value', MAX_EXPERIMENT_TAG_VALUE_LENGTH, text);
  return { key, value: text };
}

/** A proto3 JSON double: a number, a numeric string, "NaN", "Infinity" or "-Infinity". */
export function parseDouble(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return undefined;
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
  return NUMERIC_STRING.test(raw) ? Number(raw) : undefined;
}

/**
 * A proto3 JSON int64: an integral number or integer string. Values beyond ±(2^53−1)
 * are refused because a JS number cannot hold them exactly.
 */
export function parseInt64(raw: unknown): number | undefined {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && INTEGER_STRING.test(raw.trim())) value = Number(raw.trim());
  else return undefined;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** An optional int64 request field; undefined when absent. */
export function toInt64(raw: unknown, path: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = parseInt64(raw);
  if (value === undefined) {
    throw invalidParameter(invalidValueMessage(path, raw, 'Value must be a valid long (64-bit integer).'));
  }
  return value;
}

export interface RawMetric {
  key?: unknown;
  value?: unknown;
  timestamp?: unknown;
  step?: unknown;
}

/** One metric from the wire: converted as proto3 JSON would, then checked by validateMetric. */
export function toMetric(raw: RawMetric, path = ''): Metric {
  for (const field of ['key', 'value', 'timestamp'] as const) {
    if (raw[field] === undefined || raw[field] === null || raw[field] === '') {
      throw invalidParameter(requiredParameterMessage(joinPath(path, field)));
    }
  }
  validateKeyName(raw.key, joinPath(path, 'name'));
  const value = parseDouble(raw.value);
  if (value === undefined) {
    const detail = `(timestamp=${String(raw.timestamp)}). Please specify value as a valid double (64-bit floating point)`;
    throw invalidParameter(invalidValueMessage(joinPath(path, 'value'), raw.value, detail));
  }
  const timestamp = parseInt64(raw.timestamp);
  const step = raw.step === undefined || raw.step === null ? 0 : parseInt64(raw.step);
  const metric = { key: raw.key, value, timestamp: timestamp ?? Number.NaN, step: step ?? Number.NaN };
  validateMetric(metric, path, raw);
  return metric;
}

/** MLflow's _validate_metric on a domain metric; `raw` only improves the message. */
export function validateMetric(metric: Metric, path = '', raw?: RawMetric): void {
  const { key, value, timestamp, step } = metric;
  validateKeyName(key, joinPath(path, 'name'));
  if (typeof value !== 'number') {
    const detail = `(timestamp=${timestamp}). Please specify value as a valid double (64-bit floating point)`;
    throw invalidParameter(invalidValueMessage(joinPath(path, 'value'), value, detail));
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    const detail = `metric '${key}' (value=${value}). Timestamp must be a nonnegative long (64-bit integer) `;
    throw invalidParameter(invalidValueMessage(joinPath(path, 'timestamp'), raw ? raw.timestamp ?? null : timestamp, detail));
  }
  if (!Number.isSafeInteger(step)) {
    const detail = `metric '${key}' (value=${value}). Step must be a valid long (64-bit integer).`;
    throw invalidParameter(invalidValueMessage(joinPath(path, 'step'), raw ? raw.step : step, detail));
  }
  checkLength('Metric name', MAX_ENTITY_KEY_LENGTH, key);
}

function checkBatchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw invalidParameter(
      `A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. ` +
        `Please split up ${entity} across multiple requests and try again.`,
    );
  }
}

export function validateBatchLimits(counts: { metrics: number; params: number; tags: number }): void {
  checkBatchLimit('metrics', MAX_METRICS_PER_BATCH, counts.metrics);
  checkBatchLimit('params', MAX_PARAMS_PER_BATCH, counts.params);
  checkBatchLimit('tags', MAX_TAGS_PER_BATCH, counts.tags);
  const total = counts.metrics + counts.params + counts.tags;
  checkBatchLimit('metrics, params, and tags', MAX_ENTITIES_PER_BATCH, total);
}

export function validateParamKeysUnique(params: readonly Param[]): void {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const { key } of params) {
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  if (duplicates.length > 0) {
    throw invalidParameter(
      `Duplicate parameter keys have been submitted: [${duplicates.map((k) => `'${k}'`).join(', ')}]. ` +
        'Please ensure the request contains only one param value per param key.',
    );
  }
}

/** C0 and C1 control characters, DEL included (tab and newline are controls too). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/**
 * Names (experiments, runs, registered models) are shown in lists, titles, URLs and
 * terminals: a control character in one is never meant, and an escape sequence could
 * rewrite a terminal. Keys are held to KEY_NAME, which has none either.
 */
export function validateNameCharacters(name: string, path: string): void {
  if (hasControlCharacter(name)) {
    throw invalidParameter(invalidValueMessage(path, name, 'Names may not contain control characters (U+0000 to U+001F, U+007F to U+009F).'));
  }
}

export function validateExperimentName(name: unknown): string {
  if (name === undefined || name === null || name === '') {
    throw invalidParameter(`Invalid experiment name: '${name === undefined || name === null ? 'None' : ''}'`);
  }
  if (typeof name !== 'string') {
    throw invalidParameter(`Invalid experiment name: ${shortenForMessage(pythonJson(name))}. Expects a string.`);
  }
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw invalidParameter(`'name' exceeds the maximum length of ${MAX_EXPERIMENT_NAME_LENGTH} characters`);
  }
  validateNameCharacters(name, 'name');
  return name;
}

export function validateArtifactLocation(location: string): void {
  if (location.startsWith('runs:')) {
    throw invalidParameter(`Artifact location cannot be a runs:/ URI. Given: '${shortenForMessage(location)}'`);
  }
  if (/[#;]/.test(location)) {
    throw invalidParameter("'artifact_location' URL can't include fragments or params.");
  }
}

export function validateRunId(runId: string, path = 'run_id'): void {
  if (!RUN_ID.test(runId)) throw invalidParameter(invalidValueMessage(path, runId));
}

/** A proto enum in JSON: its name or its number (RUNNING = 1 … KILLED = 5). */
export function toRunStatus(raw: unknown, path = 'status'): RunStatus {
  const byNumber = typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw));
  const status = byNumber ? RUN_STATUSES[Number(raw) - 1] : RUN_STATUSES.find((s) => s === raw);
  if (status === undefined) throw invalidParameter(invalidValueMessage(path, raw));
  return status;
}

const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];

export function toViewType(raw: unknown, path = 'view_type'): ViewType {
  if (raw === undefined || raw === null || raw === '') return 'ACTIVE_ONLY';
  const byNumber = typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw));
  const viewType = byNumber ? VIEW_TYPES[Number(raw) - 1] : VIEW_TYPES.find((v) => v === raw);
  if (viewType === undefined) throw invalidParameter(invalidValueMessage(path, raw));
  return viewType;
}

/** max_results of runs/search and experiments/search (SqlAlchemyStore's rule). */
export function validateSearchMaxResults(maxResults: number): void {
  if (maxResults < 1) {
    throw invalidParameter(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer`,
    );
  }
  if (maxResults > SEARCH_MAX_RESULTS_THRESHOLD) {
    throw invalidParameter(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}`,
    );
  }
}

/** runs/search's experiment_ids; one request searching more is refused rather than failing in the database. */
export function validateSearchExperimentIds(experimentIds: readonly string[]): void {
  if (experimentIds.length > MAX_SEARCH_EXPERIMENT_IDS) {
    throw invalidParameter(
      `A search may cover at most ${MAX_SEARCH_EXPERIMENT_IDS} experiment_ids; got ${experimentIds.length}. ` +
        'Please search the experiments in several requests.',
    );
  }
}

function checkMaxLength(field: string, limit: number, value: string | undefined): void {
  if (value !== undefined && value.length > limit) {
    throw invalidParameter(`'${field}' exceeds the maximum length of ${limit} characters`);
  }
}

export function validateDatasetInputs(inputs: readonly DatasetInput[]): void {
  if (inputs.length > MAX_DATASET_INPUTS_PER_REQUEST) {
    throw invalidParameter(
      `A log-inputs request can contain at most ${MAX_DATASET_INPUTS_PER_REQUEST} datasets; got ${inputs.length}. ` +
        'Please split up the datasets across multiple requests.',
    );
  }
  for (const { dataset, tags } of inputs) {
    checkMaxLength('name', MAX_DATASET_NAME_LENGTH, dataset.name);
    checkMaxLength('digest', MAX_DATASET_DIGEST_LENGTH, dataset.digest);
    checkMaxLength('source', MAX_DATASET_SOURCE_LENGTH, dataset.source);
    checkMaxLength('schema', MAX_DATASET_SCHEMA_LENGTH, dataset.schema);
    checkMaxLength('profile', MAX_DATASET_PROFILE_LENGTH, dataset.profile);
    for (const tag of tags) {
      checkMaxLength('key', MAX_INPUT_TAG_KEY_LENGTH, tag.key);
      checkMaxLength('value', MAX_INPUT_TAG_VALUE_LENGTH, tag.value);
    }
  }
}
