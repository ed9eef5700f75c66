/**
 * What `strata gc` would remove, decided from plain data so the rules are easy to test:
 * deleted runs and experiments older than the cutoff go, unless a registered model version
 * still references them (by run id, or by a location overlapping their folder).
 *
 * A folder is deleted only when it provably belongs to the removed item alone: compared by
 * folder key (artifact-folder-key.ts), never by spelling, it must not equal, contain or lie
 * inside the folder of anything else still in the database. The one exception is the shape
 * Strata itself creates: a run's `<experiment folder>/<run id>` may lie directly inside an
 * experiment's folder, because run ids are unique: no other run's files are named by it, and
 * anything else filed below it is caught as "contains".
 */
import { folderKeysOf, storeFolderKey, type FolderKey } from '../artifact-folder-key.js';
import { describeOverlap, type ArtifactFolderIndex, type FolderOverlap } from '../artifact-folder-index.js';
import { STORE_INTERNAL_DIR } from '../canonical-artifact-location.js';
import { servedArtifactPath } from '../served-artifact-root.js';
import type {
  ArtifactReferences, DeletedExperimentRow, DeletedRunRow, PendingArtifactDeletion, UnderivedRunRow,
} from '../ports/gc-repository.js';
import { indexLiveFolders } from './live-folders.js';

export interface GcRunItem extends DeletedRunRow {
  /** Where its artifacts sit in the server's store; undefined when they are left in place. */
  artifactPath?: string;
  /** Why its artifacts are left in place, when that is worth saying (a shared or foreign folder). */
  artifactsKeptReason?: string;
}

export interface GcExperimentItem extends DeletedExperimentRow {
  artifactPath?: string;
  artifactsKeptReason?: string;
}

export interface GcKeptItem {
  entityType: 'run' | 'experiment';
  entityId: string;
  reason: string;
}

export type GcKeptPendingArtifact = PendingArtifactDeletion & { reason: string };

export interface GcPlan {
  /** Deleted at or before this time (ms since the epoch). */
  cutoff: number;
  runs: GcRunItem[];
  experiments: GcExperimentItem[];
  kept: GcKeptItem[];
  /** Artifact folders an earlier gc removed the owners of but could not delete: deleted first. */
  pendingArtifacts: PendingArtifactDeletion[];
  /** Pending folders that now overlap something live: they stay, and stay pending. */
  keptPendingArtifacts: GcKeptPendingArtifact[];
}

export interface GcPlanInput {
  cutoff: number;
  deletedRuns: DeletedRunRow[];
  deletedExperiments: Array<DeletedExperimentRow & { runs: Array<DeletedRunRow & { isActive: boolean }> }>;
  references: ArtifactReferences;
  /** Every experiment's location, whatever its stage. */
  experimentLocations: Array<{ experimentId: string; artifactLocation: string }>;
  /** Every run whose artifact URI is not derived from its experiment's location. */
  underivedRuns?: UnderivedRunRow[];
  /** The server's artifact store destination; absent: metadata only, artifacts untouched. */
  artifactsDestination?: string;
  pendingArtifacts?: PendingArtifactDeletion[];
}

/** The folder asked about is `<the overlapping experiment's folder>/<runId>`: the run's own, inside an experiment's. */
function isRunFolderIn(runId: string, { key, owner, ownerKey, relation }: FolderOverlap): boolean {
  return owner.kind === 'experiment' && relation === 'inside' &&
    ownerKey.segments.length === key.segments.length - 1 && key.segments[key.segments.length - 1] === runId;
}

type DeletedExperimentInput = GcPlanInput['deletedExperiments'][number];

export function planGc(input: GcPlanInput): GcPlan {
  const live = indexLiveFolders(
    { experimentLocations: input.experimentLocations, underivedRuns: input.underivedRuns ?? [], modelVersionLocations: input.references.locations },
    input.artifactsDestination,
  );
  const planner = new GcPlanner(input, live);
  for (const experiment of input.deletedExperiments) planner.considerExperiment(experiment);
  for (const run of input.deletedRuns) planner.considerRun(run);
  return planner.plan;
}

class GcPlanner {
  readonly plan: GcPlan;
  private readonly decided = new Map<string, boolean>();

  constructor(private readonly input: GcPlanInput, private readonly live: ArtifactFolderIndex) {
    this.plan = { cutoff: input.cutoff, runs: [], experiments: [], kept: [], ...this.splitPending() };
  }

  /** Says whether the run goes; a run is decided once even when listed twice. */
  considerRun(run: DeletedRunRow): boolean {
    const earlier = this.decided.get(run.runId);
    if (earlier !== undefined) return earlier;
    // Strata gives a run `<experiment>/<run id>/artifacts`; the run directory itself goes, so none is left empty.
    const suffix = `/${run.runId}/artifacts`;
    const folder = run.artifactUri.endsWith(suffix) ? run.artifactUri.slice(0, -'/artifacts'.length) : run.artifactUri;
    const artifactPath = this.artifactPathOf(folder);
    const keys = this.keysOf(folder, artifactPath);
    const reason = this.referenceReason(run, keys);
    this.decided.set(run.runId, reason === undefined);
    if (reason) {
      this.plan.kept.push({ entityType: 'run', entityId: run.runId, reason });
      return false;
    }
    const overlap = this.live.findOverlap(keys, (o) =>
      (o.owner.kind === 'run' && o.owner.id === run.runId) || isRunFolderIn(run.runId, o));
    this.plan.runs.push({ ...run, ...this.folderVerdict(folder, artifactPath, overlap) });
    return true;
  }

  considerExperiment(experiment: DeletedExperimentInput): void {
    const active = experiment.runs.find((run) => run.isActive);
    if (active) {
      this.plan.kept.push({ entityType: 'experiment', entityId: experiment.experimentId, reason: `its run ${active.runId} is active` });
      return;
    }
    const allRunsGo = experiment.runs.map((run) => this.considerRun(run)).every(Boolean);
    const artifactPath = this.artifactPathOf(experiment.artifactLocation);
    const keys = this.keysOf(experiment.artifactLocation, artifactPath);
    const referenced = this.modelVersionOverlap(keys);
    if (!allRunsGo || referenced) {
      const reason = referenced ? `a registered model version uses ${referenced.owner.location}` : 'some of its runs are kept';
      this.plan.kept.push({ entityType: 'experiment', entityId: experiment.experimentId, reason });
      return;
    }
    // Its runs are purged before it (purgeExperiment insists), so their folders do not count.
    const overlap = this.live.findOverlap(keys, ({ owner }) =>
      (owner.kind === 'experiment' && owner.id === experiment.experimentId) ||
      (owner.kind === 'run' && owner.experimentId === experiment.experimentId));
    const { runs: _runs, ...row } = experiment;
    this.plan.experiments.push({ ...row, ...this.folderVerdict(experiment.artifactLocation, artifactPath, overlap) });
  }

  private referenceReason(run: DeletedRunRow, keys: FolderKey[]): string | undefined {
    const { runIds, locations } = this.input.references;
    if (runIds.includes(run.runId)) return 'a registered model version was created from it';
    const byRunUri = locations.find((l) => l === `runs:/${run.runId}` || l.startsWith(`runs:/${run.runId}/`));
    if (byRunUri) return `a registered model version uses ${byRunUri}`;
    const overlap = this.modelVersionOverlap(keys);
    return overlap ? `a registered model version uses ${overlap.owner.location}` : undefined;
  }

  private modelVersionOverlap(keys: FolderKey[]): FolderOverlap | undefined {
    return this.live.findOverlap(keys, ({ owner }) => owner.kind !== 'model_version');
  }

  private folderVerdict(location: string, artifactPath: string | undefined, overlap: FolderOverlap | undefined) {
    if (overlap) return { artifactsKeptReason: `its folder ${describeOverlap(overlap)}` };
    if (artifactPath !== undefined) return { artifactPath };
    if (this.input.artifactsDestination === undefined) return {};
    return { artifactsKeptReason: `${location} is not a folder of the server's artifact store` };
  }

  /** Every spelling of the folder, and the store path gc would actually delete. */
  private keysOf(location: string, artifactPath: string | undefined): FolderKey[] {
    const keys = folderKeysOf(location, this.input.artifactsDestination);
    return artifactPath === undefined ? keys : [...keys, storeFolderKey(artifactPath)];
  }

  private artifactPathOf(uri: string): string | undefined {
    const destination = this.input.artifactsDestination;
    if (destination === undefined) return undefined;
    try {
      const path = servedArtifactPath(uri, destination);
      // '' would be the whole store, never removed on behalf of one item; nor is Strata's own directory.
      return path === '' || path?.split('/')[0] === STORE_INTERNAL_DIR ? undefined : path;
    } catch {
      return undefined;
    }
  }

  /** Pending folders go first, unless something live now overlaps them (a run's, as in considerRun). */
  private splitPending(): Pick<GcPlan, 'pendingArtifacts' | 'keptPendingArtifacts'> {
    const split: Pick<GcPlan, 'pendingArtifacts' | 'keptPendingArtifacts'> = { pendingArtifacts: [], keptPendingArtifacts: [] };
    // Without an artifact store they wait for a gc that has one.
    if (this.input.artifactsDestination === undefined) return split;
    for (const pending of this.input.pendingArtifacts ?? []) {
      const overlap = this.live.findOverlap([storeFolderKey(pending.path)], (o) => pending.entityType === 'run' && isRunFolderIn(pending.entityId, o));
      if (overlap) split.keptPendingArtifacts.push({ ...pending, reason: `it ${describeOverlap(overlap)}` });
      else split.pendingArtifacts.push(pending);
    }
    return split;
  }
}
