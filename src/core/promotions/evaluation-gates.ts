/**
 * Evaluation gates: named checks (an offline evaluation, a fairness review…) a model version
 * passes before it may be promoted. The CI/CD work will keep gate results as records of their
 * own; until then, the interim contract is a tag: `strata.gate.<NAME> = passed` on the model
 * version, or on the run that produced it. Anything that can write such a tag can pass a gate,
 * so protect who may tag versions and runs (route permissions) as much as the alias itself.
 */
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';

export const GATE_TAG_PREFIX = 'strata.gate.';
export const GATE_PASSED = 'passed';

/** Whether a version passed a gate, why not when it did not, and the record that shows it. */
export interface GateVerdict {
  passed: boolean;
  /** When not passed: what is missing, in words a requester can act on. */
  reason: string;
  /** The gate result that passed it, when results are records; null for the tag contract. */
  resultId: string | null;
}

/** The port a gate store will implement; the tag lookup below is the only implementation today. */
export interface EvaluationGates {
  /** Whether `version` passed the gate named `gate`, as seen inside the transaction `repo`. */
  check(repo: MetadataRepository, version: ModelVersion, gate: string): Promise<GateVerdict>;
}

export const TAG_EVALUATION_GATES: EvaluationGates = {
  async check(repo, version, gate) {
    const key = `${GATE_TAG_PREFIX}${gate}`;
    const passed = { passed: true, reason: '', resultId: null };
    if (version.tags.some((tag) => tag.key === key && tag.value === GATE_PASSED)) return passed;
    const run = version.runId === null ? undefined : await repo.findRun(version.runId);
    if (run?.data.tags.some((tag) => tag.key === key && tag.value === GATE_PASSED)) return passed;
    return { passed: false, reason: `gate '${gate}' has not passed (no tag ${key}=${GATE_PASSED} on the version or its run)`, resultId: null };
  },
};
