/**
 * What justified an alias move, assembled from the records read in the transaction that moves
 * it: the source run's commit and dataset inputs, the gates the rule required (each passed),
 * the approvals that counted, the request and its reason, and for a rollback the version the
 * alias is moved back from. Stored with the move in the registry history.
 */
import type { Run } from '../entities.js';
import { commitOf } from './promotion-conditions.js';
import type { JustifyingApproval, JustifyingDataset, JustifyingGate, PromotionJustification, PromotionVote } from './promotion-entities.js';

/** MLflow's input tag naming what a dataset was used for (training, evaluation…). */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

export interface JustificationInput {
  run: Run | undefined;
  gates: JustifyingGate[];
  votes?: readonly PromotionVote[];
  requestId: string | null;
  reason: string;
  rollbackOfVersion?: number | null;
}

export function datasetsOf(run: Run | undefined): JustifyingDataset[] {
  return (run?.inputs.datasetInputs ?? []).map((input) => ({
    name: input.dataset.name,
    digest: input.dataset.digest,
    context: input.tags.find((tag) => tag.key === DATASET_CONTEXT_TAG)?.value ?? null,
  }));
}

function approvalsOf(votes: readonly PromotionVote[]): JustifyingApproval[] {
  return votes.filter((vote) => vote.decision === 'approve').map(({ approver, comment, time }) => ({ approver, comment, time }));
}

export function justify(input: JustificationInput): PromotionJustification {
  return {
    commit: commitOf(input.run),
    datasets: datasetsOf(input.run),
    gates: input.gates,
    approvers: approvalsOf(input.votes ?? []),
    requestId: input.requestId,
    reason: input.reason,
    ...(input.rollbackOfVersion === undefined || input.rollbackOfVersion === null ? {} : { rollbackOfVersion: input.rollbackOfVersion }),
  };
}
