/**
 * A rule's required conditions against one model version: what is unmet, in words a requester
 * can act on, and — when everything holds — the gate verdicts and source run that justify the
 * move. Checked when a request is made and again when it is applied (a newer gate result can
 * replace a pass in between), always inside the transaction that would move the alias.
 */
import type { Run } from '../entities.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';
import type { EvaluationGates } from './evaluation-gates.js';
import type { JustifyingGate, PromotionConditions } from './promotion-entities.js';

export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';

export interface ConditionCheck {
  /** Every unmet condition, in the rule's order: gates, dataset_logged, git_commit. */
  unmet: string[];
  /** The required gates that passed, with the result that shows it. */
  passedGates: JustifyingGate[];
  /** The version's source run; undefined when it has none (or it is gone). */
  run: Run | undefined;
}

/** The version's source run, as seen in `repo`. */
export async function sourceRunOf(repo: MetadataRepository, version: ModelVersion): Promise<Run | undefined> {
  return version.runId === null ? undefined : repo.findRun(version.runId);
}

export function commitOf(run: Run | undefined): string | null {
  const commit = run?.data.tags.find((tag) => tag.key === GIT_COMMIT_TAG)?.value.trim();
  return commit === undefined || commit === '' ? null : commit;
}

export async function checkConditions(
  repo: MetadataRepository,
  version: ModelVersion,
  conditions: PromotionConditions,
  gates: EvaluationGates,
): Promise<ConditionCheck> {
  const unmet: string[] = [];
  const passedGates: JustifyingGate[] = [];
  const run = await sourceRunOf(repo, version);
  for (const gate of conditions.gates) {
    const verdict = await gates.check(repo, version, gate);
    if (verdict.passed) passedGates.push({ gate, resultId: verdict.resultId, status: 'passed' });
    else unmet.push(verdict.reason);
  }
  if (conditions.datasetLogged && (run === undefined || run.inputs.datasetInputs.length === 0)) {
    unmet.push(run === undefined ? 'dataset_logged: the version has no source run' : `dataset_logged: source run ${run.info.runId} logged no dataset input`);
  }
  if (conditions.gitCommit && commitOf(run) === null) {
    unmet.push(run === undefined ? 'git_commit: the version has no source run' : `git_commit: source run ${run.info.runId} has no ${GIT_COMMIT_TAG} tag`);
  }
  return { unmet, passedGates, run };
}

/** Only what is unmet (see checkConditions). */
export async function unmetConditions(
  repo: MetadataRepository,
  version: ModelVersion,
  conditions: PromotionConditions,
  gates: EvaluationGates,
): Promise<string[]> {
  return (await checkConditions(repo, version, conditions, gates)).unmet;
}
