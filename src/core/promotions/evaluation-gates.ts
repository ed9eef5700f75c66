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

/** The port a gate store will implement; the tag lookup below is the only implementation today. */
export interface EvaluationGates {
  /** Whether `version` passed the gate named `gate`, as seen inside the transaction `repo`. */
  passed(repo: MetadataRepository, version: ModelVersion, gate: string): Promise<boolean>;
}

export const TAG_EVALUATION_GATES: EvaluationGates = {
  async passed(repo, version, gate) {
    const key = `${GATE_TAG_PREFIX}${gate}`;
    if (version.tags.some((tag) => tag.key === key && tag.value === GATE_PASSED)) return true;
    if (version.runId === null) return false;
    const run = await repo.findRun(version.runId);
    return run?.data.tags.some((tag) => tag.key === key && tag.value === GATE_PASSED) ?? false;
  },
};
