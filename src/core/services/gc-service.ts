/**
 * `strata gc`: permanently removes runs and experiments deleted longer ago than a limit,
 * with their metrics, params, tags, inputs and artifacts. Artifacts go first, then the
 * metadata with one audit event per removal in the same transaction, so a failure leaves
 * the row in place for the next gc rather than an orphaned directory. Per-item failures
 * are returned, not thrown: one stuck artifact must not stop the rest.
 */
import type { ArtifactStore } from '../ports/artifact-store.js';
import type { Clock } from '../ports/clock.js';
import type { MetadataRepository, MetadataStore } from '../ports/metadata-store.js';
import { planGc, type GcExperimentItem, type GcPlan, type GcRunItem } from './gc-plan.js';
import type { Actor } from './service-deps.js';

export interface GcDeps {
  store: MetadataStore;
  clock: Clock;
  /** The server's artifact store and its destination URI; absent: metadata only. */
  artifacts?: { store: ArtifactStore; destination: string };
}

export interface GcFailure {
  entityType: 'run' | 'experiment';
  entityId: string;
  message: string;
}

export interface GcResult {
  removedRuns: string[];
  removedExperiments: string[];
  failures: GcFailure[];
}

export class GcService {
  constructor(private readonly deps: GcDeps) {}

  async plan(olderThanMs: number): Promise<GcPlan> {
    const store = this.deps.store;
    const cutoff = this.deps.clock.now() - olderThanMs;
    const deletedExperiments = await Promise.all(
      (await store.listDeletedExperiments(cutoff)).map(async (experiment) => ({
        ...experiment,
        runs: await this.runsOf(experiment.experimentId, experiment.deletedTime),
      })),
    );
    return planGc({
      cutoff,
      deletedRuns: await store.listDeletedRuns(cutoff),
      deletedExperiments,
      references: await store.listArtifactReferences(),
      experimentLocations: await store.listExperimentArtifactLocations(),
      artifactsDestination: this.deps.artifacts?.destination,
    });
  }

  async execute(plan: GcPlan, actor: Actor): Promise<GcResult> {
    const result: GcResult = { removedRuns: [], removedExperiments: [], failures: [] };
    for (const run of plan.runs) {
      await this.attempt(result, 'run', run.runId, () => this.purgeRun(run, actor), result.removedRuns);
    }
    for (const experiment of plan.experiments) {
      await this.attempt(result, 'experiment', experiment.experimentId, () => this.purgeExperiment(experiment, actor), result.removedExperiments);
    }
    return result;
  }

  private async runsOf(experimentId: string, deletedTime: number) {
    const ids = await this.deps.store.listRunIdsOfExperiment(experimentId);
    const infos = await Promise.all(ids.map((id) => this.deps.store.findRunInfo(id)));
    return infos.flatMap((info) =>
      info
        ? [{ runId: info.runId, experimentId, artifactUri: info.artifactUri, deletedTime, isActive: info.lifecycleStage === 'active' }]
        : [],
    );
  }

  private async attempt(result: GcResult, entityType: 'run' | 'experiment', id: string, work: () => Promise<boolean>, removed: string[]) {
    try {
      if (await work()) removed.push(id);
    } catch (error) {
      result.failures.push({ entityType, entityId: id, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** False when the run was restored (or already removed) since the plan was made. */
  private async purgeRun(run: GcRunItem, actor: Actor): Promise<boolean> {
    const current = await this.deps.store.findRunInfo(run.runId);
    if (current?.lifecycleStage !== 'deleted') return false;
    if (run.artifactPath !== undefined) await this.deps.artifacts!.store.delete(run.artifactPath);
    return this.deps.store.transaction(async (tx) => {
      if ((await tx.findRunInfo(run.runId))?.lifecycleStage !== 'deleted') return false;
      await tx.purgeRun(run.runId);
      await this.audit(tx, actor, 'run.purge', 'run', run.runId, {
        experiment_id: run.experimentId,
        artifact_uri: run.artifactUri,
        deleted_time: run.deletedTime,
        artifacts_removed: run.artifactPath !== undefined,
      });
      return true;
    });
  }

  private async purgeExperiment(experiment: GcExperimentItem, actor: Actor): Promise<boolean> {
    const current = await this.deps.store.findExperiment(experiment.experimentId);
    if (current?.lifecycleStage !== 'deleted') return false;
    if ((await this.deps.store.listRunIdsOfExperiment(experiment.experimentId)).length > 0) {
      throw new Error('it still has runs (one was kept or failed to be removed)');
    }
    if (experiment.artifactPath !== undefined) await this.deps.artifacts!.store.delete(experiment.artifactPath);
    return this.deps.store.transaction(async (tx) => {
      await tx.purgeExperiment(experiment.experimentId);
      await this.audit(tx, actor, 'experiment.purge', 'experiment', experiment.experimentId, {
        name: experiment.name,
        artifact_location: experiment.artifactLocation,
        deleted_time: experiment.deletedTime,
        artifacts_removed: experiment.artifactPath !== undefined,
      });
      return true;
    });
  }

  private audit(tx: MetadataRepository, actor: Actor, action: string, entityType: string, entityId: string, summary: Record<string, unknown>) {
    return tx.appendAuditEvent({ actor, action, entityType, entityId, summary, time: this.deps.clock.now() });
  }
}
