/** A gc plan and its result to Strata's JSON (snake_case; optional fields only when set). */
import type {
  GcExperimentItemWire, GcPendingArtifactWire, GcPlanWire, GcResultWire, GcRunItemWire, RunGcResponse,
} from '../../api/strata-gc.js';
import type { PendingArtifactDeletion } from '../../core/ports/gc-repository.js';
import type { GcExperimentItem, GcKeptPendingArtifact, GcPlan, GcRunItem } from '../../core/services/gc-plan.js';
import type { GcOutcome, GcResult } from '../../core/services/gc-service.js';

export function gcOutcomeToWire(outcome: GcOutcome): RunGcResponse {
  return {
    dry_run: outcome.result === undefined,
    plan: planToWire(outcome.plan),
    ...(outcome.result ? { result: resultToWire(outcome.result) } : {}),
  };
}

function planToWire(plan: GcPlan): GcPlanWire {
  return {
    cutoff: plan.cutoff,
    runs: plan.runs.map(runToWire),
    experiments: plan.experiments.map(experimentToWire),
    kept: plan.kept.map((k) => ({ entity_type: k.entityType, entity_id: k.entityId, reason: k.reason })),
    pending_artifacts: plan.pendingArtifacts.map(pendingToWire),
    kept_pending_artifacts: plan.keptPendingArtifacts.map(pendingToWire),
  };
}

function runToWire(run: GcRunItem): GcRunItemWire {
  return {
    run_id: run.runId,
    experiment_id: run.experimentId,
    artifact_uri: run.artifactUri,
    deleted_time: run.deletedTime,
    ...folderToWire(run),
  };
}

function experimentToWire(experiment: GcExperimentItem): GcExperimentItemWire {
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    deleted_time: experiment.deletedTime,
    ...folderToWire(experiment),
  };
}

function folderToWire(item: Pick<GcRunItem, 'artifactPath' | 'artifactsKeptReason'>) {
  return {
    ...(item.artifactPath !== undefined ? { artifact_path: item.artifactPath } : {}),
    ...(item.artifactsKeptReason !== undefined ? { artifacts_kept_reason: item.artifactsKeptReason } : {}),
  };
}

function pendingToWire(pending: PendingArtifactDeletion | GcKeptPendingArtifact): GcPendingArtifactWire {
  return {
    path: pending.path,
    entity_type: pending.entityType,
    entity_id: pending.entityId,
    created_at: pending.createdAt,
    ...('reason' in pending ? { reason: pending.reason } : {}),
  };
}

function resultToWire(result: GcResult): GcResultWire {
  return {
    removed_runs: result.removedRuns,
    removed_experiments: result.removedExperiments,
    removed_pending_artifacts: result.removedPendingArtifacts,
    failures: result.failures.map((f) => ({ entity_type: f.entityType, entity_id: f.entityId, message: f.message })),
  };
}
