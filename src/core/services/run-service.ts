/**
 * Run operations with MLflow's semantics: the run name mirrored in the
 * `mlflow.runName` tag both ways, immutable params, no writes to deleted runs.
 */
import { SEARCH_MAX_RESULTS_DEFAULT } from '../../api/limits.js';
import { canonicalArtifactLocation, runArtifactUri } from '../canonical-artifact-location.js';
import type { DatasetInput, Experiment, Metric, Page, Param, Run, RunInfo, RunStatus, Tag, ViewType } from '../entities.js';
import { invalidParameter, isStrataError, notFound } from '../errors.js';
import { RUN_COLUMNS_MAX_KEYS } from '../../api/strata-v1.js';
import type { RunColumns, RunSearchQuery, TrackingRepository } from '../ports/metadata-store.js';
import { parseRunFilter, parseRunOrderBy } from '../search/index.js';
import { shortenForMessage } from '../shorten-for-message.js';
import {
  validateBatchLimits,
  validateDatasetInputs,
  validateMetric,
  validateNameCharacters,
  validateParam,
  validateParamKeysUnique,
  validateRunTag,
  validateSearchExperimentIds,
  validateSearchMaxResults,
} from '../validation.js';
import { checkExperimentActive, requireExperiment } from './experiment-service.js';
import { type Actor, audited, requireActiveRun, requireRunInfo, type ServiceDeps } from './service-deps.js';

export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';
export const PARENT_RUN_ID_TAG = 'mlflow.parentRunId';
export const LOGGED_MODELS_TAG = 'mlflow.log-model.history';

const MODEL_REQUIRED_FIELDS = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'];
const MODEL_TAG_FIELDS = ['run_id', 'utc_time_created', 'artifact_path', 'model_uuid'];

/** The part of an MLmodel file MLflow keeps in the run's logged-models tag (Model.get_tags_dict). */
function loggedModelSummary(modelJson: string): Record<string, unknown> {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    model = undefined;
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw invalidParameter(`Malformed model info. \n ${shortenForMessage(modelJson)} \n is not a valid JSON.`);
  }
  const fields = model as Record<string, unknown>;
  const missing = MODEL_REQUIRED_FIELDS.filter((f) => !(f in fields));
  if (missing.length > 0) {
    throw invalidParameter(`Model json is missing mandatory fields: {${missing.map((f) => `'${f}'`).join(', ')}}`);
  }
  const summary: Record<string, unknown> = {};
  for (const f of MODEL_TAG_FIELDS) if (f in fields) summary[f] = fields[f];
  const flavors = (fields.flavors ?? {}) as Record<string, unknown>;
  summary.flavors = Object.fromEntries(
    Object.entries(flavors).map(([name, config]) => {
      if (typeof config !== 'object' || config === null) return [name, config];
      const { config: _dropped, ...rest } = config as Record<string, unknown>;
      return [name, rest];
    }),
  );
  return summary;
}

export interface CreateRunInput {
  /** Required, as in MLflow 2.17: no run is filed under the Default experiment by omission. */
  experimentId: string;
  userId?: string;
  runName?: string;
  startTime?: number;
  tags?: Tag[];
}

export interface UpdateRunInput {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface LogBatchInput {
  metrics?: Metric[];
  params?: Param[];
  tags?: Tag[];
}

export interface SearchRunsInput {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
  /** Aborted when nobody waits for the answer any more: the store cancels the query. */
  signal?: AbortSignal;
}

/** Later values win when a request repeats a tag key, as MLflow's _set_tags does. */
function lastTagPerKey(tags: Tag[]): Tag[] {
  return [...new Map(tags.map((t) => [t.key, t])).values()];
}

/**
 * The run's artifact URI, in canonical spelling. An experiment stored before locations were
 * checked may have an ambiguous one: its runs are refused rather than given a URI that could
 * name another experiment's folder.
 */
function artifactUriFor(experiment: Experiment, runId: string, artifactsDestination: string | undefined): string {
  try {
    return runArtifactUri(canonicalArtifactLocation(experiment.artifactLocation, artifactsDestination), runId);
  } catch (error) {
    if (!isStrataError(error)) throw error;
    throw invalidParameter(`Cannot create a run in experiment ${experiment.experimentId}: ${error.message}`);
  }
}

function pythonRepr(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export class RunService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, input: CreateRunInput): Promise<Run> {
    if (input.runName) validateNameCharacters(input.runName, 'run_name');
    const tags = lastTagPerKey((input.tags ?? []).map((t, i) => validateRunTag(t.key, t.value, `tags[${i}]`)));
    const nameTag = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (input.runName && nameTag && input.runName !== nameTag) {
      throw invalidParameter(
        "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values " +
          `(run_name='${shortenForMessage(input.runName)}', mlflow.runName='${shortenForMessage(nameTag)}').`,
      );
    }
    const runName = input.runName || nameTag || this.deps.ids.runName();
    if (!nameTag) tags.push({ key: RUN_NAME_TAG, value: runName });
    const { experimentId } = input;
    const runId = this.deps.ids.runId();
    const info = await audited(
      this.deps,
      async (tx, time) => {
        const experiment = await requireExperiment(tx, experimentId);
        checkExperimentActive(experiment);
        const created: RunInfo = {
          runId,
          runName,
          experimentId,
          userId: input.userId || tags.find((t) => t.key === USER_TAG)?.value || '',
          status: 'RUNNING',
          startTime: input.startTime ?? time,
          endTime: null,
          artifactUri: artifactUriFor(experiment, runId, this.deps.artifactsDestination),
          lifecycleStage: 'active',
        };
        await tx.createRun({ ...created, tags });
        return created;
      },
      () => ({
        actor,
        action: 'run.create',
        entityType: 'run',
        entityId: runId,
        summary: { experimentId, runName },
      }),
    );
    return { info, data: { metrics: [], params: [], tags }, inputs: { datasetInputs: [] } };
  }

  async get(runId: string): Promise<Run> {
    const run = await this.deps.store.findRun(runId);
    if (!run) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
    return run;
  }

  async update(actor: Actor, runId: string, input: UpdateRunInput): Promise<RunInfo> {
    if (input.runName) validateNameCharacters(input.runName, 'run_name');
    return audited(
      this.deps,
      async (tx) => {
        const info = await requireActiveRun(tx, runId);
        await tx.updateRunInfo(runId, {
          status: input.status,
          endTime: input.endTime,
          runName: input.runName || undefined,
        });
        if (input.runName) await tx.setRunTags(runId, [{ key: RUN_NAME_TAG, value: input.runName }]);
        return {
          ...info,
          status: input.status ?? info.status,
          endTime: input.endTime ?? info.endTime,
          runName: input.runName || info.runName,
        };
      },
      () => ({
        actor,
        action: 'run.update',
        entityType: 'run',
        entityId: runId,
        summary: { ...input },
      }),
    );
  }

  delete(actor: Actor, runId: string): Promise<void> {
    return this.setLifecycle(actor, runId, 'deleted', 'run.delete');
  }

  restore(actor: Actor, runId: string): Promise<void> {
    return this.setLifecycle(actor, runId, 'active', 'run.restore');
  }

  private async setLifecycle(actor: Actor, runId: string, stage: 'active' | 'deleted', action: string): Promise<void> {
    await audited(
      this.deps,
      async (tx, time) => {
        await requireRunInfo(tx, runId);
        // Found, then gone: `strata gc` removed it in between (its claim made this wait).
        if (!(await tx.setRunLifecycle(runId, stage, time))) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
      },
      () => ({ actor, action, entityType: 'run', entityId: runId, summary: {} }),
    );
  }

  async setTag(actor: Actor, runId: string, key: string, value: string): Promise<void> {
    const tag = validateRunTag(key, value);
    await audited(
      this.deps,
      async (tx) => {
        await requireActiveRun(tx, runId);
        await this.writeTags(tx, runId, [tag]);
      },
      () => ({ actor, action: 'run.set_tag', entityType: 'run', entityId: runId, summary: { key: tag.key } }),
    );
  }

  async deleteTag(actor: Actor, runId: string, key: string): Promise<void> {
    await audited(
      this.deps,
      async (tx) => {
        await requireActiveRun(tx, runId);
        if (!(await tx.deleteRunTag(runId, key))) {
          throw notFound(`No tag with name: ${shortenForMessage(key)} in run with id ${shortenForMessage(runId)}`);
        }
      },
      () => ({ actor, action: 'run.delete_tag', entityType: 'run', entityId: runId, summary: { key } }),
    );
  }

  async logParam(actor: Actor, runId: string, key: string, value: string): Promise<void> {
    const param = validateParam(key, value);
    await audited(
      this.deps,
      async (tx) => {
        await requireActiveRun(tx, runId);
        // A different stored value throws, which rolls the transaction back.
        const [existing] = await tx.insertParams(runId, [param]);
        if (existing && existing.value !== param.value) {
          throw invalidParameter(
            `Changing param values is not allowed. Param with key='${param.key}' was already logged ` +
              `with value='${shortenForMessage(existing.value)}' for run ID='${runId}'. Attempted logging new value '${shortenForMessage(param.value)}'.`,
          );
        }
      },
      () => ({ actor, action: 'run.log_param', entityType: 'run', entityId: runId, summary: { key: param.key } }),
    );
  }

  async logMetric(actor: Actor, runId: string, metric: Metric): Promise<void> {
    validateMetric(metric);
    await audited(
      this.deps,
      async (tx) => {
        await requireActiveRun(tx, runId);
        await tx.logMetrics(runId, [metric]);
      },
      () => ({
        actor,
        action: 'metric.log',
        entityType: 'run',
        entityId: runId,
        summary: { key: metric.key, step: metric.step },
      }),
    );    this.deps.onMetricsLogged?.(runId, [metric.key]);
  }

  async logBatch(actor: Actor, runId: string, input: LogBatchInput): Promise<void> {
    const metrics = input.metrics ?? [];
    validateBatchLimits({ metrics: metrics.length, params: input.params?.length ?? 0, tags: input.tags?.length ?? 0 });
    metrics.forEach((m, i) => validateMetric(m, `metrics[${i}]`));
    const params = (input.params ?? []).map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
    const tags = (input.tags ?? []).map((t, i) => validateRunTag(t.key, t.value, `tags[${i}]`));
    validateParamKeysUnique(params);
    await audited(
      this.deps,
      async (tx) => {
        await requireActiveRun(tx, runId);
        await this.insertNewParams(tx, runId, params);
        if (metrics.length > 0) await tx.logMetrics(runId, metrics);
        await this.writeTags(tx, runId, tags);
      },
      () => ({
        actor,
        action: 'metric.log_batch',
        entityType: 'run',
        entityId: runId,
        summary: { metrics: metrics.length, params: params.length, tags: tags.length },
      }),
    );    if (metrics.length > 0) this.deps.onMetricsLogged?.(runId, [...new Set(metrics.map((m) => m.key))]);
  }

  async logInputs(actor: Actor, runId: string, inputs: DatasetInput[]): Promise<void> {
    validateDatasetInputs(inputs);
    await audited(
      this.deps,
      async (tx) => {
        const info = await requireActiveRun(tx, runId);
        if (inputs.length > 0) await tx.logInputs(runId, info.experimentId, inputs);
      },
      () => ({
        actor,
        action: 'run.log_inputs',
        entityType: 'run',
        entityId: runId,
        summary: { datasets: inputs.map((i) => `${i.dataset.name}@${i.dataset.digest}`).slice(0, 10) },
      }),
    );
  }

  /** MLflow's runs/log-model: appends the model's summary to the `mlflow.log-model.history` tag. */
  async logModel(actor: Actor, runId: string, modelJson: string): Promise<void> {
    const summary = loggedModelSummary(modelJson);
    await audited(
      this.deps,
      async (tx) => {
        await requireActiveRun(tx, runId);
        const run = await tx.findRun(runId);
        const previous = run?.data.tags.find((t) => t.key === LOGGED_MODELS_TAG)?.value;
        const history = previous ? (JSON.parse(previous) as unknown[]) : [];
        await tx.setRunTags(runId, [{ key: LOGGED_MODELS_TAG, value: JSON.stringify([...history, summary]) }]);
      },
      () => ({
        actor,
        action: 'run.log_model',
        entityType: 'run',
        entityId: runId,
        summary: { artifactPath: summary.artifact_path },
      }),
    );
  }

  /** search's page with each run's data cut to `columns` (the runs table's projection). */
  searchColumns(input: SearchRunsInput, columns: RunColumns): Promise<Page<Run>> {
    for (const kind of ['params', 'metrics', 'tags'] as const) {
      if (columns[kind].length > RUN_COLUMNS_MAX_KEYS) {
        throw invalidParameter(`columns.${kind}: at most ${RUN_COLUMNS_MAX_KEYS} keys, got ${columns[kind].length}`);
      }
    }
    const query = this.searchQuery(input);
    if (query === undefined) return Promise.resolve({ items: [] });
    return this.deps.store.searchRunColumns(query, columns);
  }

  search(input: SearchRunsInput): Promise<Page<Run>> {
    const query = this.searchQuery(input);
    if (query === undefined) return Promise.resolve({ items: [] });
    return this.deps.store.searchRuns(query);
  }

  /** The store query of a search request, validated; undefined when no experiment is named. */
  private searchQuery(input: SearchRunsInput): RunSearchQuery | undefined {
    const maxResults = input.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT;
    validateSearchMaxResults(maxResults);
    const filter = parseRunFilter(input.filter ?? '');
    const orderBy = parseRunOrderBy(input.orderBy ?? []);
    validateSearchExperimentIds(input.experimentIds);
    if (input.experimentIds.length === 0) return undefined;
    return {
      experimentIds: input.experimentIds,
      filter,
      orderBy,
      viewType: input.viewType ?? 'ACTIVE_ONLY',
      maxResults,
      pageToken: input.pageToken || undefined,
      signal: input.signal,
    };
  }

  /**
   * Same value again is a no-op; a different value is refused with MLflow's batch message
   * (thrown after the insert, so the transaction rolls the new params back too).
   */
  private async insertNewParams(tx: TrackingRepository, runId: string, params: Param[]): Promise<void> {
    if (params.length === 0) return;
    const stored = await tx.insertParams(runId, params);
    if (stored.length === 0) return;
    const existing = new Map(stored.map((p) => [p.key, p.value]));
    const changed = params.filter((p) => existing.has(p.key) && existing.get(p.key) !== p.value);
    if (changed.length > 0) {
      const listed = changed
        .map(
          (p) =>
            `{'key': ${pythonRepr(p.key)}, 'old_value': ${pythonRepr(existing.get(p.key) ?? '')}, ` +
            `'new_value': ${pythonRepr(p.value)}}`,
        )
        .join(', ');
      throw invalidParameter(
        `Changing param values is not allowed. Params were already logged='[${listed}]' for run ID='${runId}'.`,
      );
    }
  }

  /** Setting `mlflow.runName` renames the run, as MLflow's set_tag does. */
  private async writeTags(tx: TrackingRepository, runId: string, tags: Tag[]): Promise<void> {
    if (tags.length === 0) return;
    // An empty run name changes nothing in MLflow, neither the name nor the tag.
    const unique = lastTagPerKey(tags).filter((t) => t.key !== RUN_NAME_TAG || t.value !== '');
    const runName = unique.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (runName !== undefined) await tx.updateRunInfo(runId, { runName });
    if (unique.length > 0) await tx.setRunTags(runId, unique);
  }
}
