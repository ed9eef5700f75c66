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
 *       conditions: { gate: offline-eval, dataset_logged: true, git_commit: true }
 */

export interface ApproverSetWire {
  users?: string[];
  groups?: string[];
}

export interface PromotionConditionsWire {
  gate?: string;
  dataset_logged?: boolean;
  git_commit?: boolean;
}

export interface ProtectedAliasRuleWire {
  approvals: number;
  approvers: ApproverSetWire;
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
  votes: PromotionVoteWire[];
  /** Approvals that count towards the rule so far. */
  approvals: number;
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
  listPromotions: { methods: ['GET'], path: '/promotions' },
  getPromotion: { methods: ['GET'], path: '/promotions/get' },
  approvePromotion: { methods: ['POST'], path: '/promotions/approve' },
  rejectPromotion: { methods: ['POST'], path: '/promotions/reject' },
  cancelPromotion: { methods: ['POST'], path: '/promotions/cancel' },
} as const;
