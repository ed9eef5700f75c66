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
  /** Named evaluation gates the version must have passed, every one (recorded results: recorded-evaluation-gates.ts). */
  gates: string[];
  /** The source run logged at least one dataset input. */
  datasetLogged: boolean;
  /** The source run records `mlflow.source.git.commit`. */
  gitCommit: boolean;
}

export interface ProtectedAliasRule {
  alias: string;
  /**
   * A promotion whose conditions all hold is applied at once, decided by the policy
   * (`policy:auto`), with no approvals; one whose conditions do not hold is refused.
   */
  auto: boolean;
  /** Distinct eligible approvals needed; at least 1, and 0 exactly when `auto`. */
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
  /**
   * Who or what closed it: the approver whose approval applied it or who rejected it, the
   * requester (or admin) who cancelled it, `policy:auto` (an auto rule), `strata` (expiry);
   * null while pending and for requests closed before this was recorded (migration 0016).
   */
  decidedBy: string | null;
  /** Set when the request rolls the alias back: the version the alias held when it was made. */
  rollbackOfVersion: number | null;
  /** What justified the move, once the request is applied (kept with the alias move in the registry history). */
  justification?: PromotionJustification;
  /** Oldest first. */
  votes: PromotionVote[];
}

export type NewPromotionRequest = Omit<PromotionRequest, 'votes' | 'decidedTime' | 'state' | 'decidedBy' | 'justification'>;

/** Who decides an auto rule's requests, as `decidedBy` and in the audit log. */
export const AUTO_DECIDER = 'policy:auto';

/** A dataset the source run logged as an input. */
export interface JustifyingDataset {
  name: string;
  digest: string;
  /** The input's `mlflow.data.context` tag (training, evaluation…); null when not given. */
  context: string | null;
}

export interface JustifyingGate {
  gate: string;
  /** The gate result record that passed it; null under the tag contract. */
  resultId: string | null;
  status: 'passed';
}

export interface JustifyingApproval {
  approver: string;
  comment: string;
  time: number;
}

/**
 * What justified an alias move, recorded with the move (registry history) by every promotion:
 * a direct move, an auto-approved or an approved request, a rollback. Read from the records in
 * the transaction that moved the alias, so it shows what held at that moment.
 */
export interface PromotionJustification {
  /** `mlflow.source.git.commit` of the version's source run; null when none. */
  commit: string | null;
  datasets: JustifyingDataset[];
  /** The gates the rule required, each passed; empty for an unprotected alias. */
  gates: JustifyingGate[];
  /** Approvals that counted; empty for direct and auto moves. */
  approvers: JustifyingApproval[];
  requestId: string | null;
  reason: string;
  /** A rollback: the version the alias held before it moved back. */
  rollbackOfVersion?: number;
}
