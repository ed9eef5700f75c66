import type { Param, Run, RunTag } from '../api/mlflow-tracking.js';
import { MAX_PARAMS_PER_BATCH, MAX_TAGS_PER_BATCH } from '../api/limits.js';
import type { StrataClient } from './strata-client.js';
import { isStrataApiError } from './strata-api-error.js';

export interface StartRunOptions {
  /** Experiment by name, created if missing. */
  experiment?: string;
  /** Experiment by id; ignored when `experiment` is given. Default: MLflow's Default experiment, "0". */
  experimentId?: string;
  name?: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  /** Run id of the parent, for nested runs (recorded as MLflow's `mlflow.parentRunId` tag). */
  parent?: string;
  /** Default: the OS user running the script, as MLflow's clients record it. */
  userId?: string;
  /** Mark the run FAILED/KILLED if the process dies of an exception or a signal before end(); default true. */
  endOnExit?: boolean;
}

export const DEFAULT_EXPERIMENT_ID = '0';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';
export const USER_TAG = 'mlflow.user';

/** Creates the run described by `options` and logs its params; returns the run as created. */
export async function startRun(client: StrataClient, options: StartRunOptions): Promise<Run> {
  const experimentId = options.experiment !== undefined
    ? await ensureExperiment(client, options.experiment)
    : options.experimentId ?? DEFAULT_EXPERIMENT_ID;
  const tags = toEntries(options.tags ?? {});
  if (options.parent !== undefined) tags.push({ key: PARENT_RUN_TAG, value: options.parent });
  const userId = options.userId ?? currentUser();
  if (userId !== undefined) tags.push({ key: USER_TAG, value: userId });
  const { run } = await client.createRun({
    experiment_id: experimentId,
    start_time: Date.now(),
    tags,
    ...(options.name !== undefined ? { run_name: options.name } : {}),
    ...(userId !== undefined ? { user_id: userId } : {}),
  });
  await logParamsAndTags(client, run.info.run_id, toEntries(options.params ?? {}), []);
  return run;
}

/** The experiment's id, creating it if no experiment has that name. Safe against a concurrent creator. */
export async function ensureExperiment(client: StrataClient, name: string): Promise<string> {
  const existing = await findExperimentId(client, name);
  if (existing !== undefined) return existing;
  try {
    return (await client.createExperiment({ name })).experiment_id;
  } catch (error) {
    // Another process created it between our lookup and our create.
    if (!isStrataApiError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
    return (await client.getExperimentByName({ experiment_name: name })).experiment.experiment_id;
  }
}

async function findExperimentId(client: StrataClient, name: string): Promise<string | undefined> {
  try {
    return (await client.getExperimentByName({ experiment_name: name })).experiment.experiment_id;
  } catch (error) {
    if (isStrataApiError(error, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
    throw error;
  }
}

/** Sends params and tags through log-batch, in chunks the server accepts. */
export async function logParamsAndTags(client: StrataClient, runId: string, params: Param[], tags: RunTag[]): Promise<void> {
  for (let i = 0; i < params.length; i += MAX_PARAMS_PER_BATCH) {
    await client.logBatch({ run_id: runId, params: params.slice(i, i + MAX_PARAMS_PER_BATCH) });
  }
  for (let i = 0; i < tags.length; i += MAX_TAGS_PER_BATCH) {
    await client.logBatch({ run_id: runId, tags: tags.slice(i, i + MAX_TAGS_PER_BATCH) });
  }
}

/** MLflow stores params and tags as strings; numbers and booleans are sent as JS prints them. */
export function toEntries(record: Record<string, string | number | boolean>): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: String(value) }));
}

// Read through globalThis: the SDK also runs in browsers, which have no process.
function currentUser(): string | undefined {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  return env?.USER ?? env?.USERNAME ?? env?.LOGNAME;
}
