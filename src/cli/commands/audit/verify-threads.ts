/**
 * `strata audit verify` on several threads: the log is cut at signed checkpoints into stretches
 * (core's auditStretches), the first checked on this thread and each other one in a worker
 * thread that reads, parses and hashes its own pages (nothing is copied between threads), and
 * the reports are combined in order (combineStretchReports): the first problem of the earliest
 * stretch with one is the log's first problem, exactly as the single pass reports it.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { auditStretches, combineStretchReports } from '../../../core/audit/audit-verifier.js';
import type { StrataClient } from '../../../client/strata-client.js';
import type { TrackingConfig } from '../../../client/tracking-uri.js';
import { verifyStretch, type StretchJob, type StretchOutcome } from './verify-stretch.js';
import type { StretchWorkerInput, StretchWorkerMessage } from './verify-worker.js';

/**
 * Below this many events per thread a stretch is not worth a worker: one run from source (tsx)
 * takes ~0.2 s and ~0.3 s of CPU to start, what ~40,000 events take to check.
 */
export const MIN_EVENTS_PER_THREAD = 100_000;

export async function verifyOnThreads(client: StrataClient, config: TrackingConfig, job: Omit<StretchJob, 'stretch'>, threads: number): Promise<StretchOutcome> {
  const [first, ...rest] = auditStretches(job.checkpoints, threads);
  const workers = rest.map((stretch) => startStretchWorker({ config, job: { ...job, stretch } }));
  const outcomes = [verifyStretch(client, { ...job, stretch: first! }), ...workers.map((w) => w.outcome)];
  // Awaited in order below; a later one that fails while an earlier one is awaited must not go unhandled.
  for (const outcome of outcomes) outcome.catch(() => undefined);
  const done: StretchOutcome[] = [];
  try {
    for (const outcome of outcomes) {
      const result = await outcome;
      done.push(result);
      // A problem here is the log's first: later stretches cannot change the answer.
      if (!result.report.ok) break;
    }
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
  return { report: combineStretchReports(done.map((d) => d.report)), pendingEvents: done.at(-1)!.pendingEvents };
}

/** How many threads to use for a log whose last checkpoint is at `size`, when --threads was not given. */
export function defaultThreads(cores: number, size: number): number {
  return Math.max(1, Math.min(cores, Math.floor(size / MIN_EVENTS_PER_THREAD)));
}

function startStretchWorker(input: StretchWorkerInput): { worker: Worker; outcome: Promise<StretchOutcome> } {
  const worker = createWorker(input);
  const outcome = new Promise<StretchOutcome>((resolve, reject) => {
    worker.once('message', (message: StretchWorkerMessage) => ('error' in message ? reject(new Error(message.error)) : resolve(message.outcome)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`audit verify worker exited with code ${code}`)));
  });
  return { worker, outcome };
}

const selfPath = fileURLToPath(import.meta.url);

/**
 * The worker is a sibling file: `.js` once built, loaded directly. Run from source it is `.ts`,
 * and Node 20 applies neither `--import tsx` nor hooks registered in the parent to a worker's
 * entry module, so a small shim registers tsx inside the worker first (as data/file-pool.ts does).
 */
function createWorker(workerData: StretchWorkerInput): Worker {
  const entry = new URL(`./verify-worker${extname(selfPath)}`, import.meta.url);
  if (extname(selfPath) !== '.ts') return new Worker(entry, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const shim = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(shim, { eval: true, workerData });
}
