/** Experiment operations with MLflow's semantics (SqlAlchemyStore + REST handlers). */
import { SEARCH_MAX_RESULTS_DEFAULT } from '../../api/limits.js';
import type { Experiment, Page, Tag, ViewType } from '../entities.js';
import { alreadyExists, invalidParameter, notFound, StrataError } from '../errors.js';
import { EXPERIMENT_KEYS_MAX_RESULTS } from '../../api/strata-v1.js';
import type { ExperimentKeys, ExperimentRunStats, TrackingRepository } from '../ports/metadata-store.js';
import { parseExperimentFilter, parseExperimentOrderBy } from '../search/index.js';
import {
  missingValueMessage,
  validateArtifactLocation,
  validateExperimentName,
  validateExperimentTag,
  validateSearchMaxResults,
} from '../validation.js';
import { assertNotDefaultLocation, canonicalArtifactLocation } from '../canonical-artifact-location.js';
import { assertFolderUnowned } from './live-folders.js';
import { type Actor, audited, type ServiceDeps } from './service-deps.js';
import { shortenForMessage } from '../shorten-for-message.js';

export const DEFAULT_EXPERIMENT_ID = '0';
/** experiments/run-stats: experiment ids per request (a GET: the ids must fit in a URL). */
export const MAX_RUN_STATS_EXPERIMENTS = 500;

export interface CreateExperimentInput {
  name: string;
  artifactLocation?: string;
  tags?: Tag[];
}

export interface SearchExperimentsInput {
  filter?: string;
  /** Only these experiments (what the caller may read); absent: all. */
  onlyIds?: readonly string[];
  orderBy?: string[];
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
}

export function experimentNotFound(experimentId: string): StrataError {
  return notFound(`No Experiment with id=${shortenForMessage(experimentId)} exists`);
}

export async function requireExperiment(repo: TrackingRepository, experimentId: string): Promise<Experiment> {
  const experiment = await repo.findExperiment(experimentId);
  if (!experiment) throw experimentNotFound(experimentId);
  return experiment;
}

export function checkExperimentActive(experiment: Experiment): void {
  if (experiment.lifecycleStage !== 'active') {
    throw invalidParameter(
      `The experiment ${experiment.experimentId} must be in the 'active' state. ` +
        `Current state is ${experiment.lifecycleStage}.`,
    );
  }
}

export class ExperimentService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, input: CreateExperimentInput): Promise<string> {
    const name = validateExperimentName(input.name);
    const artifactLocation = input.artifactLocation ? this.explicitLocation(input.artifactLocation) : undefined;
    const tags = (input.tags ?? []).map((t) => validateExperimentTag(t.key, t.value));
    return audited(
      this.deps,
      async (tx, time) => {
        if (artifactLocation) await assertFolderUnowned(tx, artifactLocation, this.deps.artifactsDestination);
        if (await tx.findExperimentByName(name)) {
          throw alreadyExists(`Experiment(name=${shortenForMessage(name)}) already exists.`);
        }
        return tx.createExperiment({
          name,
          artifactLocation: artifactLocation ?? this.deps.defaultArtifactLocation,
          tags,
          creationTime: time,
        });
      },
      (experimentId) => ({
        actor,
        action: 'experiment.create',
        entityType: 'experiment',
        entityId: experimentId,
        summary: { name },
      }),
    );
  }

  /** The canonical spelling of a location the client chose; refused if it is ambiguous or taken. */
  private explicitLocation(raw: string): string {
    validateArtifactLocation(raw);
    const location = canonicalArtifactLocation(raw, this.deps.artifactsDestination);
    assertNotDefaultLocation(location, this.deps);
    return location;
  }

  get(experimentId: string): Promise<Experiment> {
    return requireExperiment(this.deps.store, experimentId);
  }

  async getByName(name: string): Promise<Experiment> {
    const experiment = await this.deps.store.findExperimentByName(name);
    if (!experiment) throw notFound(`Could not find experiment with name '${shortenForMessage(name)}'`);
    return experiment;
  }

  /** Distinct param, metric and tag keys of an experiment's active runs with run counts (the runs table's column picker). */
  async keys(input: { experimentId: string; prefix?: string; maxResults?: number }): Promise<ExperimentKeys> {
    const maxResults = input.maxResults ?? EXPERIMENT_KEYS_MAX_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > EXPERIMENT_KEYS_MAX_RESULTS) {
      throw invalidParameter(`max_results must be between 1 and ${EXPERIMENT_KEYS_MAX_RESULTS}, got ${maxResults}`);
    }
    await requireExperiment(this.deps.store, input.experimentId);
    return this.deps.store.experimentKeys({ experimentId: input.experimentId, maxResults, ...(input.prefix ? { prefix: input.prefix } : {}) });
  }

  /** Run counts and latest run activity of up to MAX_RUN_STATS_EXPERIMENTS experiments (the dashboard's list). */
  runStats(experimentIds: string[]): Promise<ExperimentRunStats[]> {
    if (experimentIds.length > MAX_RUN_STATS_EXPERIMENTS) {
      throw invalidParameter(`experiment_ids: at most ${MAX_RUN_STATS_EXPERIMENTS} per request, got ${experimentIds.length}`);
    }
    return this.deps.store.experimentRunStats(experimentIds);
  }

  search(input: SearchExperimentsInput): Promise<Page<Experiment>> {
    const maxResults = input.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT;
    validateSearchMaxResults(maxResults);
    return this.deps.store.searchExperiments({
      filter: parseExperimentFilter(input.filter ?? ''),
      orderBy: parseExperimentOrderBy(input.orderBy ?? []),
      viewType: input.viewType ?? 'ACTIVE_ONLY',
      maxResults,
      pageToken: input.pageToken || undefined,
      ...(input.onlyIds === undefined ? {} : { onlyIds: input.onlyIds }),
    });
  }

  async rename(actor: Actor, experimentId: string, newName: string): Promise<void> {
    if (!newName) throw invalidParameter(missingValueMessage('new_name'));
    const name = validateExperimentName(newName);
    await audited(
      this.deps,
      async (tx, time) => {
        const experiment = await requireExperiment(tx, experimentId);
        if (experiment.lifecycleStage !== 'active') {
          throw new StrataError('INVALID_STATE', 'Cannot rename a non-active experiment.');
        }
        const holder = await tx.findExperimentByName(name);
        if (holder && holder.experimentId !== experimentId) {
          throw alreadyExists(`Experiment(name=${shortenForMessage(name)}) already exists.`);
        }
        await tx.renameExperiment(experimentId, name, time);
        return experiment.name;
      },
      (oldName) => ({
        actor,
        action: 'experiment.rename',
        entityType: 'experiment',
        entityId: experimentId,
        summary: { from: oldName, to: name },
      }),
    );
  }

  /** Marks the experiment and its runs deleted. MLflow's SQL store lets the Default experiment go too. */
  delete(actor: Actor, experimentId: string): Promise<void> {
    return this.setLifecycle(actor, experimentId, 'active', 'deleted', 'experiment.delete');
  }

  restore(actor: Actor, experimentId: string): Promise<void> {
    return this.setLifecycle(actor, experimentId, 'deleted', 'active', 'experiment.restore');
  }

  private async setLifecycle(
    actor: Actor,
    experimentId: string,
    from: 'active' | 'deleted',
    to: 'active' | 'deleted',
    action: string,
  ): Promise<void> {
    await audited(
      this.deps,
      async (tx, time) => {
        const experiment = await tx.findExperiment(experimentId);
        if (!experiment || experiment.lifecycleStage !== from) throw experimentNotFound(experimentId);
        // Found, then gone: `strata gc` removed it in between (its claim made this wait).
        if (!(await tx.setExperimentLifecycle(experimentId, to, time))) throw experimentNotFound(experimentId);
      },
      () => ({ actor, action, entityType: 'experiment', entityId: experimentId, summary: {} }),
    );
  }

  async setTag(actor: Actor, experimentId: string, key: string, value: string): Promise<void> {
    const tag = validateExperimentTag(key, value);
    await audited(
      this.deps,
      async (tx) => {
        checkExperimentActive(await requireExperiment(tx, experimentId));
        await tx.setExperimentTag(experimentId, tag);
      },
      () => ({
        actor,
        action: 'experiment.set_tag',
        entityType: 'experiment',
        entityId: experimentId,
        summary: { key: tag.key },
      }),
    );
  }

  async deleteTag(actor: Actor, experimentId: string, key: string): Promise<void> {
    await audited(
      this.deps,
      async (tx) => {
        checkExperimentActive(await requireExperiment(tx, experimentId));
        if (!(await tx.deleteExperimentTag(experimentId, key))) {
          throw notFound(`No tag with name: ${shortenForMessage(key)} in experiment with id ${shortenForMessage(experimentId)}`);
        }
      },
      () => ({
        actor,
        action: 'experiment.delete_tag',
        entityType: 'experiment',
        entityId: experimentId,
        summary: { key },
      }),
    );
  }
}
