/**
 * `strata gc`: permanently removes runs and experiments deleted longer ago than a limit,
 * with their metrics, params, tags, inputs and artifacts.
 *
 * Metadata goes first: one transaction re-checks that the item is still deleted (claiming
 * its row, so a concurrent restore waits and then finds nothing), removes it, writes its
 * audit event and records its artifact folder as pending. The folder is deleted after the
 * commit, then the pending row. So a restore can never bring back a run whose artifacts are
 * gone, and a folder whose deletion failed (or whose gc was killed) is deleted by the next
 * gc before anything else. Per-item failures are returned, not thrown: one stuck artifact
 * must not stop the rest.
 */
import { invalidParameter } from '../errors.js';
import type { ArtifactStore } from '../ports/artifact-store.js';
import type { Clock } from '../ports/clock.js';
import type { PendingArtifactDeletion } from '../ports/gc-repository.js';
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
  /** Artifact folders left pending by an earlier gc and deleted by this one. */
  removedPendingArtifacts: string[];
  failures: GcFailure[];
}

export interface GcRunOptions {
  olderThanMs: number;
  /** Plan only. */
  dryRun: boolean;
}

export interface GcOutcome {
  plan: GcPlan;
  /** Absent on a dry run. */
  result?: GcResult;
}

interface Purged {
  removed: boolean;
  /** Set when the item was removed but its artifact folder was not (it stays pending). */
  artifactsFailure?: string;
}

export class GcService {
  constructor(private readonly deps: GcDeps) {}

  /**
   * Plans and, unless a dry run, removes; a real run ends with one `gc.run` audit event that
   * sums it up (each removal has its own event too). A dry run changes nothing and is not recorded.
   */
  async run(options: GcRunOptions, actor: Actor): Promise<GcOutcome> {
    if (!Number.isSafeInteger(options.olderThanMs) || options.olderThanMs < 0) {
      throw invalidParameter(`older_than_ms must be a whole number of milliseconds, 0 or more; got ${options.olderThanMs}.`);
    }
    const plan = await this.plan(options.olderThanMs);
    if (options.dryRun) return { plan };
    const result = await this.execute(plan, actor);
    await this.audit(this.deps.store, actor, 'gc.run', 'gc', String(plan.cutoff), {
      older_than_ms: options.olderThanMs,
      cutoff: plan.cutoff,
      removed_runs: result.removedRuns.length,
      removed_experiments: result.removedExperiments.length,
      removed_pending_artifacts: result.removedPendingArtifacts.length,
      kept: plan.kept.length,
      failures: result.failures.length,
    });
    return { plan, result };
  }

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
      underivedRuns: await store.listUnderivedRunArtifactUris(),
      artifactsDestination: this.deps.artifacts?.destination,
      pendingArtifacts: await store.listPendingArtifactDeletions(),
    });
  }

  async execute(plan: GcPlan, actor: Actor): Promise<GcResult> {
    const result: GcResult = { removedRuns: [], removedExperiments: [], removedPendingArtifacts: [], failures: [] };
    // planGc leaves them out without an artifact store: they wait for a gc that has one.
    for (const pending of plan.pendingArtifacts) {
      try {
        await this.deleteArtifacts(pending);
        result.removedPendingArtifacts.push(pending.path);
      } catch (error) {
        result.failures.push({ entityType: pending.entityType, entityId: pending.entityId, message: artifactsLeft(pending.path, error) });
      }
    }
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

  private async attempt(result: GcResult, entityType: 'run' | 'experiment', id: string, work: () => Promise<Purged>, removed: string[]) {
    try {
      const purged = await work();
      if (purged.removed) removed.push(id);
      if (purged.artifactsFailure) result.failures.push({ entityType, entityId: id, message: purged.artifactsFailure });
    } catch (error) {
      result.failures.push({ entityType, entityId: id, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Not removed when the run was restored (or already removed) since the plan was made. */
  private async purgeRun(run: GcRunItem, actor: Actor): Promise<Purged> {
    const pending = run.artifactPath === undefined ? undefined : this.pending(run.artifactPath, 'run', run.runId);
    const removed = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.purgeRun(run.runId))) return false;
      if (pending) await tx.addPendingArtifactDeletion(pending);
      await this.audit(tx, actor, 'run.purge', 'run', run.runId, {
        experiment_id: run.experimentId,
        artifact_uri: run.artifactUri,
        deleted_time: run.deletedTime,
        artifacts_removed: pending !== undefined,
      });
      return true;
    });
    return removed && pending ? { removed, ...(await this.deleteArtifactsAfterPurge(pending)) } : { removed };
  }

  private async purgeExperiment(experiment: GcExperimentItem, actor: Actor): Promise<Purged> {
    if ((await this.deps.store.listRunIdsOfExperiment(experiment.experimentId)).length > 0) {
      throw new Error('it still has runs (one was kept or failed to be removed)');
    }
    const pending =
      experiment.artifactPath === undefined ? undefined : this.pending(experiment.artifactPath, 'experiment', experiment.experimentId);
    const removed = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.purgeExperiment(experiment.experimentId))) return false;
      if (pending) await tx.addPendingArtifactDeletion(pending);
      await this.audit(tx, actor, 'experiment.purge', 'experiment', experiment.experimentId, {
        name: experiment.name,
        artifact_location: experiment.artifactLocation,
        deleted_time: experiment.deletedTime,
        artifacts_removed: pending !== undefined,
      });
      return true;
    });
    return removed && pending ? { removed, ...(await this.deleteArtifactsAfterPurge(pending)) } : { removed };
  }

  private pending(path: string, entityType: 'run' | 'experiment', entityId: string): PendingArtifactDeletion {
    return { path, entityType, entityId, createdAt: this.deps.clock.now() };
  }

  private async deleteArtifacts(pending: PendingArtifactDeletion): Promise<void> {
    await this.deps.artifacts!.store.delete(pending.path);
    await this.deps.store.removePendingArtifactDeletion(pending.path);
  }

  /** The metadata is gone for good by now: a failure here is reported and retried by the next gc. */
  private async deleteArtifactsAfterPurge(pending: PendingArtifactDeletion): Promise<{ artifactsFailure?: string }> {
    try {
      await this.deleteArtifacts(pending);
      return {};
    } catch (error) {
      return { artifactsFailure: artifactsLeft(pending.path, error) };
    }
  }

  private audit(tx: MetadataRepository, actor: Actor, action: string, entityType: string, entityId: string, summary: Record<string, unknown>) {
    return tx.appendAuditEvent({ actor, action, entityType, entityId, summary, time: this.deps.clock.now() });
  }
}

function artifactsLeft(path: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `removed, but its artifacts at ${path} could not be deleted (${reason}); the next gc deletes them first`;
}
