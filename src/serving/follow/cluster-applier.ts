/**
 * The primary's applier for `strata serve --workers N`: the model directory (downloaded and
 * verified once, by the primary) is prepared by every worker, then committed on all of them; if
 * any worker fails to load or warm it, the others discard theirs and the switch fails — every
 * worker keeps serving the same old version.
 */
import { isWorkerMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';
import type { ModelApplier } from './switch-controller.js';

export interface WorkerChannel {
  readonly id: number;
  send(message: PrimaryMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): () => void;
}

export function createClusterApplier(workers: () => readonly WorkerChannel[]): ModelApplier {
  let nextId = 1;
  return {
    async apply(dir, version) {
      const id = nextId++;
      const all = workers();
      if (all.length === 0) throw new Error('no worker is running');
      const answers = await Promise.all(all.map((worker) => ask(worker, { type: 'prepare', id, dir, version }, 'prepared', id)));
      const failures = answers.flatMap((answer, i) => (answer.type === 'prepared' && answer.error !== undefined ? [`worker ${all[i]!.id}: ${answer.error}`] : []));
      if (failures.length > 0) {
        for (const worker of all) worker.send({ type: 'abort', id });
        throw new Error(`version ${version} failed to load on ${failures.length} of ${all.length} workers (${failures.join('; ')})`);
      }
      await Promise.all(all.map((worker) => ask(worker, { type: 'commit', id }, 'committed', id)));
    },
  };
}

function ask(worker: WorkerChannel, message: PrimaryMessage, answer: 'prepared' | 'committed', id: number): Promise<WorkerMessage> {
  return new Promise((resolve) => {
    const off = worker.onMessage((reply) => {
      if (isWorkerMessage(reply) && reply.type === answer && reply.id === id) {
        off();
        resolve(reply);
      }
    });
    worker.send(message);
  });
}
