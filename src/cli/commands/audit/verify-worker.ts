/** Worker entry for `strata audit verify --threads`: checks one stretch of the chain over HTTP and posts its outcome. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TrackingConfig } from '../../../client/tracking-uri.js';
import { stretchClient, verifyStretch, type StretchJob, type StretchOutcome } from './verify-stretch.js';

export interface StretchWorkerInput {
  config: TrackingConfig;
  job: StretchJob;
}

export type StretchWorkerMessage = { outcome: StretchOutcome } | { error: string };

const input = workerData as StretchWorkerInput;
verifyStretch(stretchClient(input.config), input.job).then(
  (outcome) => parentPort?.postMessage({ outcome } satisfies StretchWorkerMessage),
  (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies StretchWorkerMessage),
);
