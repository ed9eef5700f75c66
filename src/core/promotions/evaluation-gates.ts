/**
 * Evaluation gates: named checks (an offline evaluation, a fairness review…) a model version
 * passes before it may be promoted. Results are records of their own, made only by the server's
 * evaluation of a gate spec (services/gate-service.ts); RECORDED_EVALUATION_GATES
 * (recorded-evaluation-gates.ts) reads them. The earlier interim contract — a
 * `strata.gate.NAME = passed` tag — is gone: anyone who could tag could pass a gate.
 */
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';

/** Whether a version passed a gate, why not when it did not, and the record that shows it. */
export interface GateVerdict {
  passed: boolean;
  /** When not passed: what is missing, in words a requester can act on. */
  reason: string;
  /** The gate result that passed it; null when it did not pass. */
  resultId: string | null;
}

/** How promotion asks whether a version passed a gate. */
export interface EvaluationGates {
  /** Whether `version` passed the gate named `gate`, as seen inside the transaction `repo`. */
  check(repo: MetadataRepository, version: ModelVersion, gate: string): Promise<GateVerdict>;
}
