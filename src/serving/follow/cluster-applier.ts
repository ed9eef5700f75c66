/**
 * The primary's applier for `strata serve --workers N`: the model directory (downloaded and
 * verified once, by the primary) is prepared by every worker, then committed on all of them; if
 * any worker fails to load or warm it, the others discard theirs and the switch fails — every
 * worker keeps serving the same old version. A worker that dies mid-switch counts as a failure
 * (never a wait without end); a replacement is brought to the current version with `bring`.
 */
import type { PrimaryMessage, WorkerMessage } from './cluster-messages.js';
import type { ModelApplier } from './switch-controller.js';

export interface WorkerChannel {
  readonly id: number;
  isAlive(): boolean;
  send(message: PrimaryMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): () => void;
  onExit(listener: () => void): () => void;
}

export interface ClusterApplier extends ModelApplier {
  /** Loads the version being served into one (new) worker; rejects if it cannot. */
  bring(worker: WorkerChannel): Promise<void>;
}

/** `workers()`: the workers that serve (a replacement joins once `bring` resolved). */
export function createClusterApplier(workers: () => readonly WorkerChannel[]): ClusterApplier {
  let nextId = 1;
  let served: { dir: string; version: string } | undefined;

  async function switchWorkers(all: readonly WorkerChannel[], dir: string, version: string): Promise<void> {
    const id = nextId++;
    if (all.length === 0) throw new Error('no worker is running');
    const answers = await Promise.all(all.map((worker) => ask(worker, { type: 'prepare', id, dir, version }, 'prepared', id)));
    const failures = answers.flatMap((answer, i) => (answer.error !== undefined ? [`worker ${all[i]!.id}: ${answer.error}`] : []));
    if (failures.length > 0) {
      for (const worker of all) if (worker.isAlive()) worker.send({ type: 'abort', id });
      throw new Error(`version ${version} failed to load on ${failures.length} of ${all.length} workers (${failures.join('; ')})`);
    }
    await Promise.all(all.map((worker) => ask(worker, { type: 'commit', id }, 'committed', id)));
  }

  return {
    async apply(dir, version) {
      await switchWorkers(workers().filter((w) => w.isAlive()), dir, version);
      served = { dir, version };
    },
    async bring(worker) {
      // A switch may complete while this worker loads the previous version: load again until it caught up.
      let brought: typeof served;
      while (served && brought !== served) {
        brought = served;
        await switchWorkers([worker], brought.dir, brought.version);
      }
    },
  };
}

/** Sends `message` and resolves with the worker's answer, or an error answer if the worker dies first. */
function ask(worker: WorkerChannel, message: PrimaryMessage, answer: 'prepared' | 'committed', id: number): Promise<{ error?: string }> {
  return new Promise((resolve) => {
    const done = (result: { error?: string }) => {
      offMessage();
      offExit();
      resolve(result);
    };
    const offMessage = worker.onMessage((reply) => {
      if (reply.type === answer && reply.id === id) done(reply.type === 'prepared' && reply.error !== undefined ? { error: reply.error } : {});
    });
    const offExit = worker.onExit(() => done({ error: 'the worker exited' }));
    if (!worker.isAlive()) return done({ error: 'the worker exited' });
    worker.send(message);
  });
}
