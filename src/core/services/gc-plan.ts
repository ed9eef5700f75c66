/**
 * What `strata gc` would remove, decided from plain data so the rules are easy to test:
 * deleted runs and experiments older than the cutoff go, unless a registered model version
 * still references them (by run id, or by a location inside their artifacts).
 */
import { servedArtifactPath } from '../served-artifact-root.js';
import type { ArtifactReferences, DeletedExperimentRow, DeletedRunRow, PendingArtifactDeletion } from '../ports/gc-repository.js';

export interface GcRunItem extends DeletedRunRow {
  /** Where its artifacts sit in the server's store; undefined when they live elsewhere (left alone). */
  artifactPath?: string;
}

export interface GcExperimentItem extends DeletedExperimentRow {
  artifactPath?: string;
}

export interface GcKeptItem {
  entityType: 'run' | 'experiment';
  entityId: string;
  reason: string;
}

export interface GcPlan {
  /** Deleted at or before this time (ms since the epoch). */
  cutoff: number;
  runs: GcRunItem[];
  experiments: GcExperimentItem[];
  kept: GcKeptItem[];
  /** Artifact folders an earlier gc removed the owners of but could not delete: deleted first. */
  pendingArtifacts: PendingArtifactDeletion[];
}

export interface GcPlanInput {
  cutoff: number;
  deletedRuns: DeletedRunRow[];
  deletedExperiments: Array<DeletedExperimentRow & { runs: Array<DeletedRunRow & { isActive: boolean }> }>;
  references: ArtifactReferences;
  /** Every experiment's location, to avoid removing a directory several experiments share. */
  experimentLocations: Array<{ experimentId: string; artifactLocation: string }>;
  /** The server's artifact store destination; absent: metadata only, artifacts untouched. */
  artifactsDestination?: string;
  pendingArtifacts?: PendingArtifactDeletion[];
}

/** True when `location` is `root` or lies below it (URI paths, '/'-separated). */
export function isWithin(location: string, root: string): boolean {
  const base = root.replace(/\/+$/, '');
  return location === base || location.startsWith(`${base}/`);
}

export function planGc(input: GcPlanInput): GcPlan {
  const pendingArtifacts = input.artifactsDestination === undefined ? [] : (input.pendingArtifacts ?? []);
  const plan: GcPlan = { cutoff: input.cutoff, runs: [], experiments: [], kept: [], pendingArtifacts };
  const seen = new Set<string>();
  const considerRun = (run: DeletedRunRow): boolean => {
    if (seen.has(run.runId)) return !plan.kept.some((k) => k.entityType === 'run' && k.entityId === run.runId);
    seen.add(run.runId);
    const reason = referenceReason(run, input.references);
    if (reason) {
      plan.kept.push({ entityType: 'run', entityId: run.runId, reason });
      return false;
    }
    plan.runs.push({ ...run, artifactPath: runDirectory(run, artifactPathOf(run.artifactUri, input.artifactsDestination)) });
    return true;
  };
  for (const experiment of input.deletedExperiments) planExperiment(experiment, input, plan, considerRun);
  for (const run of input.deletedRuns) considerRun(run);
  return plan;
}

function planExperiment(
  experiment: GcPlanInput['deletedExperiments'][number],
  input: GcPlanInput,
  plan: GcPlan,
  considerRun: (run: DeletedRunRow) => boolean,
): void {
  const active = experiment.runs.find((run) => run.isActive);
  if (active) {
    plan.kept.push({ entityType: 'experiment', entityId: experiment.experimentId, reason: `its run ${active.runId} is active` });
    return;
  }
  const allRunsGo = experiment.runs.map(considerRun).every(Boolean);
  const referenced = input.references.locations.find((location) => isWithin(location, experiment.artifactLocation));
  if (!allRunsGo || referenced) {
    const reason = referenced ? `a registered model version uses ${referenced}` : 'some of its runs are kept';
    plan.kept.push({ entityType: 'experiment', entityId: experiment.experimentId, reason });
    return;
  }
  const { runs: _runs, ...row } = experiment;
  plan.experiments.push({ ...row, artifactPath: experimentArtifactPath(experiment, input) });
}

function referenceReason(run: DeletedRunRow, references: ArtifactReferences): string | undefined {
  if (references.runIds.includes(run.runId)) return 'a registered model version was created from it';
  const location = references.locations.find((l) => isWithin(l, run.artifactUri) || l.startsWith(`runs:/${run.runId}/`));
  return location ? `a registered model version uses ${location}` : undefined;
}

/** `<exp>/<run>/artifacts` is removed as `<exp>/<run>`, so no empty run directory is left behind. */
function runDirectory(run: DeletedRunRow, artifactPath: string | undefined): string | undefined {
  const suffix = `/${run.runId}/artifacts`;
  return artifactPath?.endsWith(suffix) ? artifactPath.slice(0, -'/artifacts'.length) : artifactPath;
}

function artifactPathOf(uri: string, destination: string | undefined): string | undefined {
  if (destination === undefined) return undefined;
  try {
    const path = servedArtifactPath(uri, destination);
    // '' would be the whole store: never removed on behalf of one run or experiment.
    return path === '' ? undefined : path;
  } catch {
    return undefined;
  }
}

/** An experiment's directory goes only if no other experiment's location overlaps it. */
function experimentArtifactPath(experiment: DeletedExperimentRow, input: GcPlanInput): string | undefined {
  const shared = input.experimentLocations.some(
    (other) =>
      other.experimentId !== experiment.experimentId &&
      (isWithin(other.artifactLocation, experiment.artifactLocation) || isWithin(experiment.artifactLocation, other.artifactLocation)),
  );
  return shared ? undefined : artifactPathOf(experiment.artifactLocation, input.artifactsDestination);
}
