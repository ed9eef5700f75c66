/**
 * Pure rules of deployment records: an instance's status by a clock, whether it was serving at a
 * time T, which version it served then, and where a rollback goes. No I/O: the store hands in
 * rows, these decide.
 */
import type { Deployment, DeploymentAtTime, DeploymentEvent, DeploymentStatus } from './deployment-entities.js';
import { DEPLOYMENT_UNRESPONSIVE_AFTER_MS } from './deployment-entities.js';

/** `stopped` once it recorded its stop; `unresponsive` when running but silent too long by `now`. */
export function deploymentStatus(deployment: Deployment, now: number): DeploymentStatus {
  if (deployment.stoppedTime !== null) return 'stopped';
  return now - deployment.lastHeartbeatTime > DEPLOYMENT_UNRESPONSIVE_AFTER_MS ? 'unresponsive' : 'running';
}

/**
 * Whether the instance was up at `time`: started by then, not stopped by then, and — for a time
 * after its last heartbeat — not yet silent for longer than the unresponsive limit. Before its
 * last heartbeat it was alive (it heartbeated after); after it, we only know it for the grace
 * period, so a crashed process stops counting as serving shortly after it went quiet.
 */
export function wasUpAt(deployment: Deployment, time: number): boolean {
  if (deployment.startedTime > time) return false;
  if (deployment.stoppedTime !== null && deployment.stoppedTime <= time) return false;
  return time <= deployment.lastHeartbeatTime || time - deployment.lastHeartbeatTime <= DEPLOYMENT_UNRESPONSIVE_AFTER_MS;
}

/** Events that set the served version. */
export function setsVersion(event: Pick<DeploymentEvent, 'kind' | 'toVersion'>): boolean {
  return (event.kind === 'started' || event.kind === 'switched') && event.toVersion !== null;
}

/**
 * The version an instance served at `time`, from its events (any order): the `to_version` of its
 * last `started`/`switched` event at or before `time`; the later of two events of one
 * millisecond is the later in the list. Null when it had loaded nothing yet.
 */
export function versionAt(events: readonly DeploymentEvent[], time: number): { version: number; since: number } | null {
  let best: { version: number; since: number; index: number } | null = null;
  events.forEach((event, index) => {
    if (!setsVersion(event) || event.time > time) return;
    if (best === null || event.time > best.since || (event.time === best.since && index > best.index)) {
      best = { version: event.toVersion as number, since: event.time, index };
    }
  });
  const found = best as { version: number; since: number; index: number } | null;
  return found === null ? null : { version: found.version, since: found.since };
}

export interface ServedAt {
  time: number;
  serving: Array<{ deployment: Deployment; version: number; since: number }>;
  /** Distinct versions, ascending. */
  versions: number[];
}

/** "What served at T" from candidate instances: those up at T with a version loaded, oldest start first. */
export function servedAt(candidates: readonly DeploymentAtTime[], time: number): ServedAt {
  const serving = candidates
    .filter((c) => c.serving !== null && wasUpAt(c.deployment, time))
    .map((c) => ({ deployment: c.deployment, version: c.serving!.version, since: c.serving!.since }))
    .sort((a, b) => a.deployment.startedTime - b.deployment.startedTime || a.deployment.deploymentId.localeCompare(b.deployment.deploymentId));
  const versions = [...new Set(serving.map((s) => s.version))].sort((a, b) => a - b);
  return { time, serving, versions };
}

export type RollbackPlan =
  | { kind: 'target'; current: number; target: number }
  | { kind: 'none'; current: number | null };

/**
 * Where a rollback of a deployment name goes: the version its instances served before the
 * current one. `events` are the name's version-setting events, newest first; the current version
 * is the newest one's, and the target the first older `to_version` that differs from it (a
 * replica restarting on the same version, or several replicas switching one by one, is not a
 * change of version).
 */
export function rollbackPlan(events: readonly Pick<DeploymentEvent, 'kind' | 'toVersion'>[]): RollbackPlan {
  const versions = events.filter(setsVersion).map((e) => e.toVersion as number);
  const current = versions[0];
  if (current === undefined) return { kind: 'none', current: null };
  const target = versions.find((v) => v !== current);
  return target === undefined ? { kind: 'none', current } : { kind: 'target', current, target };
}
