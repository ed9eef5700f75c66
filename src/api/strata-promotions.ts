/**
 * Protected aliases and promotion requests under /api/strata/v1 (issue 13). A model's policy
 * has the same shape in JSON as in the YAML file `strata models policy apply` reads, except
 * that the file names the model `model:` and the API `name` (as MLflow's registry does):
 *
 *   model: fraud
 *   protected_aliases:
 *     production:
 *       approvals: 2                 # distinct eligible approvals, at least 1
 *       approvers: { users: [alice], groups: [risk] }
 *       allow_self_approval: false   # the default: a requester never approves their own request
 *       expiry: 72h                  # s, m, h, d; default 72h
 *       conditions: { gates: [offline-eval], dataset_logged: true, git_commit: true }
 *     staging:
 *       auto: true                   # applied at once when every condition holds (no approvals)
 *       conditions: { gates: [offline-eval, fairness] }
 */

export interface ApproverSetWire {
  users?: string[];
  groups?: string[];
}

export interface PromotionConditionsWire {
  /** Every gate named must have passed for the version. */
  gates?: string[];
  /** One gate: read as `gates: [gate]` (answers always spell `gates`). */
  gate?: string;
  dataset_logged?: boolean;
  git_commit?: boolean;
}

export interface ProtectedAliasRuleWire {
  /** Apply a promotion whose conditions all hold at once, without approvals (needs a gate; approvals 0). */
  auto?: boolean;
  /** At least 1; 0 (or left out) exactly when `auto`. */
  approvals?: number;
  /** Required unless `auto`. */
  approvers?: ApproverSetWire;
  allow_self_approval?: boolean;
  /** A duration such as `72h`, `30m`, `7d`, `1d12h`. */
  expiry?: string;
  conditions?: PromotionConditionsWire;
}

export interface ModelPolicyWire {
  name: string;
  /** Keyed by alias. */
  protected_aliases: Record<string, ProtectedAliasRuleWire>;
  updated_by?: string;
  updated_time?: number;
}

/** `GET /api/strata/v1/models/policy?name=`: the model's policy; an empty one when it has none. */
export interface GetModelPolicyRequest {
  name: string;
}

/** `POST /api/strata/v1/models/policy`: replaces the model's policy (managers and admins). */
export type SetModelPolicyRequest = Omit<ModelPolicyWire, 'updated_by' | 'updated_time'>;

export interface ModelPolicyResponse {
  policy: ModelPolicyWire;
}

/** `DELETE /api/strata/v1/models/policy`: the model's aliases are no longer protected. */
export interface DeleteModelPolicyRequest {
  name: string;
}

export type PromotionStateWire = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';

export interface PromotionVoteWire {
  approver: string;
  decision: 'approve' | 'reject';
  comment: string;
  time: number;
}

export interface PromotionRequestWire {
  request_id: string;
  model: string;
  version: string;
  alias: string;
  reason: string;
  /** `approved` means applied: the alias moved when the last needed approval arrived. */
  state: PromotionStateWire;
  requested_by: string;
  /** The rule the request was made under. */
  rule: ProtectedAliasRuleWire;
  created_time: number;
  expires_time: number;
  decided_time?: number;
  /** Who or what closed it: an approver, the canceller, `policy:auto` (an auto rule), `strata` (expiry). */
  decided_by?: string;
  /** A rollback's request: the version the alias held when it was made. */
  rollback_of_version?: string;
  /** Once applied: what justified the move (as recorded in the alias history). */
  justification?: PromotionJustificationWire;
  votes: PromotionVoteWire[];
  /** Approvals that count towards the rule so far. */
  approvals: number;
}

/**
 * What justified an alias move made by a promotion, recorded with the move in the registry
 * history (`registered-models/alias-history`) and on the applied request.
 */
export interface PromotionJustificationWire {
  /** `mlflow.source.git.commit` of the version's source run; null when none. */
  commit: string | null;
  /** The source run's dataset inputs; `context` is the input's `mlflow.data.context` tag. */
  datasets: Array<{ name: string; digest: string; context: string | null }>;
  /** The gates the rule required, each passed; `result_id` is null under the tag contract. */
  gates: Array<{ gate: string; result_id: string | null; status: 'passed' }>;
  /** Approvals that counted (empty for direct and auto moves). */
  approvers: Array<{ approver: string; comment: string; time: number }>;
  request_id: string | null;
  reason: string;
  /** A rollback: the version the alias was moved back from. */
  rollback_of_version?: string;
}

/**
 * `POST /api/strata/v1/promotions/promote`: the one entry point. An unprotected alias moves at
 * once; a protected one gets a request for its approvers, or — when its rule is `auto` and every
 * condition holds — a request applied at once by the policy. With `rollback: true` (and no
 * version) the alias moves back to the version it pointed to before its current one (from the
 * alias history, skipping deleted versions), by the same path. `reason` is required only for a
 * request that waits on approvers (rollbacks default to "roll back from version N").
 */
export interface PromoteRequest {
  name: string;
  version?: string | number;
  alias: string;
  reason?: string;
  rollback?: boolean;
}

/** `moved`: the alias moved (unprotected); `requested`: a pending request; `auto_approved`: a request applied by the policy. */
export type PromoteOutcomeWire = 'moved' | 'requested' | 'auto_approved';

export interface PromoteResponse {
  outcome: PromoteOutcomeWire;
  name: string;
  alias: string;
  /** The version the alias moved to, or the request asks for. */
  version: string;
  /** The version the alias held before; absent when it was unset. */
  previous_version?: string;
  /** A rollback: the version it moves back from. */
  rollback_of_version?: string;
  /** For `requested` and `auto_approved`. */
  request?: PromotionRequestWire;
  /** For `moved` and `auto_approved`: what justified the move. */
  justification?: PromotionJustificationWire;
}

/** `POST /api/strata/v1/promotions`. Refused (INVALID_STATE) naming each unmet condition. */
export interface CreatePromotionRequest {
  model: string;
  version: string | number;
  alias: string;
  reason: string;
}

export interface PromotionResponse {
  request: PromotionRequestWire;
}

/** `GET /api/strata/v1/promotions?model=&state=&max_results=`: newest first. */
export interface ListPromotionsRequest {
  model?: string;
  state?: PromotionStateWire;
  max_results?: number;
}

export interface ListPromotionsResponse {
  requests: PromotionRequestWire[];
}

/** `GET /api/strata/v1/promotions/get?request_id=`. */
export interface GetPromotionRequest {
  request_id: string;
}

/** `POST /api/strata/v1/promotions/approve` and `/reject`: a signed-in eligible approver; `/cancel`: the requester. */
export interface DecidePromotionRequest {
  request_id: string;
  comment?: string;
}

export const DEFAULT_PROMOTION_EXPIRY = '72h';
export const MAX_PROMOTION_REASON_LENGTH = 5000;
export const MAX_PROMOTIONS_PER_PAGE = 1000;

export const STRATA_PROMOTION_ENDPOINTS = {
  getModelPolicy: { methods: ['GET'], path: '/models/policy' },
  setModelPolicy: { methods: ['POST'], path: '/models/policy' },
  deleteModelPolicy: { methods: ['DELETE'], path: '/models/policy' },
  createPromotion: { methods: ['POST'], path: '/promotions' },
  promote: { methods: ['POST'], path: '/promotions/promote' },
  listPromotions: { methods: ['GET'], path: '/promotions' },
  getPromotion: { methods: ['GET'], path: '/promotions/get' },
  approvePromotion: { methods: ['POST'], path: '/promotions/approve' },
  rejectPromotion: { methods: ['POST'], path: '/promotions/reject' },
  cancelPromotion: { methods: ['POST'], path: '/promotions/cancel' },
} as const;
