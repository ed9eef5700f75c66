/**
 * Identifiers the services mint. Run ids follow MLflow: a uuid4 as 32 lowercase hex
 * digits (lowercase matters: MLflow's filters compare ids case-sensitively).
 */
import { randomRunName } from '../random-run-name.js';

export interface IdGenerator {
  runId(): string;
  /** A readable default run name, "adjective-noun-123" like MLflow's. */
  runName(): string;
}

/** Uses the Web Crypto global (Node 20, browsers), so core stays free of node:*. */
export const randomIdGenerator: IdGenerator = {
  runId: () => globalThis.crypto.randomUUID().replaceAll('-', ''),
  runName: () => randomRunName(Math.random),
};
