/**
 * Protected aliases and promotion requests as the domain sees them. A model's policy names
 * aliases that cannot be set directly; moving one takes a promotion request that enough
 * eligible approvers approve. Wire shapes (snake_case, the YAML file) live in src/api.
 */

/** Who may approve: listed users, or members of listed groups. */
export interface ApproverSet {
  users: string[];
  groups: string[];
}

/** What must hold for the version, checked when the request is made and again when it is applied. */
export interface PromotionConditions {
  /** A named evaluation gate the version passed (recorded results: recorded-evaluation-gates.ts). */
  gate?: string;
  /** The source run logged at least one dataset input. */
  datasetLogged: boolean;
  /** The source run records `mlflow.source.git.commit`. */
  gitCommit: boolean;
}

export interface ProtectedAliasRule {
  alias: string;
  /** Distinct eligible approvals needed; at least 1. */
  approvals: number;
  approvers: ApproverSet;
  /** Whether the requester's own approval counts (never, by default). */
  allowSelfApproval: boolean;
  /** How long a request stays open, in milliseconds. */
  expiryMs: number;
  conditions: PromotionConditions;
}

export interface ModelPolicy {
  modelName: string;
  protectedAliases: ProtectedAliasRule[];
  updatedBy: string;
  updatedTime: number;
}

/** `approved` means applied: the alias moved in the transaction of the approval that satisfied the rule. */
export type PromotionState = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';
export const PROMOTION_STATES: readonly PromotionState[] = ['pending', 'approved', 'rejected', 'expired', 'cancelled'];

export type PromotionDecision = 'approve' | 'reject';

export interface PromotionVote {
  approver: string;
  decision: PromotionDecision;
  comment: string;
  time: number;
}

export interface PromotionRequest {
  requestId: string;
  modelName: string;
  version: number;
  alias: string;
  reason: string;
  state: PromotionState;
  requestedBy: string;
  /** The rule as it stood when the request was made: editing the policy later does not change it. */
  rule: ProtectedAliasRule;
  createdTime: number;
  expiresTime: number;
  /** When it left `pending`; null while pending. */
  decidedTime: number | null;
  /** Oldest first. */
  votes: PromotionVote[];
}

export type NewPromotionRequest = Omit<PromotionRequest, 'votes' | 'decidedTime' | 'state'>;
