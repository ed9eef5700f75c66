/**
 * `client.policies` and `client.promotions`: protected aliases and the promotion requests that
 * move them (Strata only; see src/api/strata-promotions.ts). Approving needs a signed-in user.
 */
import {
  STRATA_PROMOTION_ENDPOINTS,
  type CreatePromotionRequest,
  type ListPromotionsRequest,
  type ListPromotionsResponse,
  type ModelPolicyResponse,
  type ModelPolicyWire,
  type PromoteRequest,
  type PromoteResponse,
  type PromotionRequestWire,
  type PromotionResponse,
  type SetModelPolicyRequest,
} from '../api/strata-promotions.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function policiesApi(transport: HttpTransport) {
  const call = <T>(endpoint: keyof typeof STRATA_PROMOTION_ENDPOINTS, request: object) =>
    callEndpoint<T>(transport, STRATA_API_PREFIX, STRATA_PROMOTION_ENDPOINTS[endpoint], request);
  return {
    /** The model's policy; `protected_aliases` is empty when it has none. */
    get: async (name: string): Promise<ModelPolicyWire> => (await call<ModelPolicyResponse>('getModelPolicy', { name })).policy,
    /** Replaces the model's policy (managers and admins); refused whole, naming each bad field. */
    set: async (policy: SetModelPolicyRequest): Promise<ModelPolicyWire> => (await call<ModelPolicyResponse>('setModelPolicy', policy)).policy,
    /** The model's aliases are no longer protected. */
    delete: async (name: string): Promise<void> => {
      await call('deleteModelPolicy', { name });
    },
  };
}

export function promotionsApi(transport: HttpTransport) {
  const call = <T>(endpoint: keyof typeof STRATA_PROMOTION_ENDPOINTS, request: object, safety: 'idempotent' | 'create' = 'idempotent') =>
    callEndpoint<T>(transport, STRATA_API_PREFIX, STRATA_PROMOTION_ENDPOINTS[endpoint], request, safety);
  const decide = (endpoint: 'approvePromotion' | 'rejectPromotion' | 'cancelPromotion') => async (requestId: string, comment?: string): Promise<PromotionRequestWire> =>
    (await call<PromotionResponse>(endpoint, { request_id: requestId, ...(comment === undefined ? {} : { comment }) })).request;
  return {
    /**
     * The one entry point: moves an unprotected alias, applies an auto rule whose conditions
     * hold, or opens a request for approvers (`outcome` says which). Refused (409) naming every
     * unmet condition. `rollback: true` without a version moves the alias back to its previous holder.
     */
    promote: async (request: PromoteRequest): Promise<PromoteResponse> => call<PromoteResponse>('promote', request, 'create'),
    /** `promote` with `rollback: true`: back to the version the alias pointed to before its current one. */
    rollback: async (name: string, alias: string, reason?: string): Promise<PromoteResponse> =>
      call<PromoteResponse>('promote', { name, alias, rollback: true, ...(reason === undefined ? {} : { reason }) }, 'create'),
    /** Asks for a protected alias to move to a version; refused (409) naming any unmet condition. */
    create: async (request: CreatePromotionRequest): Promise<PromotionRequestWire> => (await call<PromotionResponse>('createPromotion', request, 'create')).request,
    /** Newest first, filtered by model and/or state. */
    list: async (request: ListPromotionsRequest = {}): Promise<PromotionRequestWire[]> => (await call<ListPromotionsResponse>('listPromotions', request)).requests,
    get: async (requestId: string): Promise<PromotionRequestWire> => (await call<PromotionResponse>('getPromotion', { request_id: requestId })).request,
    /** The approval that reaches the policy's count moves the alias; approving twice counts once. */
    approve: decide('approvePromotion'),
    /** Ends the request; the alias does not move. */
    reject: decide('rejectPromotion'),
    /** The requester (or an admin) withdraws the request. */
    cancel: decide('cancelPromotion'),
  };
}

export type PoliciesApi = ReturnType<typeof policiesApi>;
export type PromotionsApi = ReturnType<typeof promotionsApi>;
