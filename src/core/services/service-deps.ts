/**
 * What every tracking service needs, and the two habits they share: a mutation and
 * its audit event commit in one transaction, and runs are checked through their
 * info row only (cheap) before anything is written.
 */
import type { Actor, AuditEventInput, RunInfo } from '../entities.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { MetadataRepository, MetadataStore, TrackingRepository } from '../ports/metadata-store.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface ServiceDeps {
  store: MetadataStore;
  clock: Clock;
  ids: IdGenerator;
  /** Artifact location of a new experiment whose request names none (from server config). */
  defaultArtifactLocation: (experimentId: string) => string;
  /**
   * The server's artifacts destination, so that locations spelled as paths under it are known
   * to be inside its store; absent: only `mlflow-artifacts:/` is.
   */
  artifactsDestination?: string;
  /** Told after metric points committed (the server's roll-up builder starts on them). */
  onMetricsLogged?: (runId: string, keys: readonly string[]) => void;
}

export type { Actor } from '../entities.js';

export const ANONYMOUS_ACTOR: Actor = { name: 'anonymous' };

/**
 * The one name kept where a record has room for one (registry history, a model version's
 * user_id, a dataset's created_by, webhook payloads): the claimed name when there is one.
 * Like the user_id MLflow clients send with a run, it is what the client said, not a
 * verified identity; only the audit log keeps the two apart.
 */
export function displayName(actor: Actor): string {
  return actor.claimed ?? actor.name;
}

/** Runs `fn` and records `event` in the same transaction; `event` may depend on fn's result. */
export async function audited<T>(
  deps: ServiceDeps,
  fn: (tx: MetadataRepository, time: number) => Promise<T>,
  event: (result: T) => AuditEventInput,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    const time = deps.clock.now();
    const result = await fn(tx, time);
    await tx.appendAuditEvent({ ...event(result), time });
    return result;
  });
}

export async function requireRunInfo(repo: TrackingRepository, runId: string): Promise<RunInfo> {
  const info = await repo.findRunInfo(runId);
  if (!info) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
  return info;
}

/** MLflow refuses writes to deleted runs (and so to runs of deleted experiments). */
export async function requireActiveRun(repo: TrackingRepository, runId: string): Promise<RunInfo> {
  const info = await requireRunInfo(repo, runId);
  if (info.lifecycleStage !== 'active') {
    throw invalidParameter(
      `The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`,
    );
  }
  return info;
}
