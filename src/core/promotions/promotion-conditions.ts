/**
 * A rule's required conditions against one model version: what is unmet, in words a requester
 * can act on. Checked when a request is made and again when the last approval applies it (a
 * newer gate result can replace a pass in between).
 */
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';
import type { EvaluationGates } from './evaluation-gates.js';
import type { PromotionConditions } from './promotion-entities.js';

export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';

export async function unmetConditions(
  repo: MetadataRepository,
  version: ModelVersion,
  conditions: PromotionConditions,
  gates: EvaluationGates,
): Promise<string[]> {
  const unmet: string[] = [];
  const needsRun = conditions.datasetLogged || conditions.gitCommit;
  const run = needsRun && version.runId !== null ? await repo.findRun(version.runId) : undefined;
  if (conditions.gate !== undefined) {
    const verdict = await gates.check(repo, version, conditions.gate);
    if (!verdict.passed) unmet.push(verdict.reason);
  }
  if (conditions.datasetLogged && (run === undefined || run.inputs.datasetInputs.length === 0)) {
    unmet.push(run === undefined ? 'dataset_logged: the version has no source run' : `dataset_logged: source run ${run.info.runId} logged no dataset input`);
  }
  if (conditions.gitCommit && !run?.data.tags.some((tag) => tag.key === GIT_COMMIT_TAG && tag.value.trim() !== '')) {
    unmet.push(run === undefined ? 'git_commit: the version has no source run' : `git_commit: source run ${run.info.runId} has no ${GIT_COMMIT_TAG} tag`);
  }
  return unmet;
}
