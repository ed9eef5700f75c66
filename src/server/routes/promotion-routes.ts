/**
 * Protected aliases (`/models/policy`) and promotion requests (`/promotions…`) under
 * /api/strata/v1. Handlers only translate; who may approve is the service's rule (a policy's
 * approvers), what a route needs of its caller is PROMOTION_ROUTE_PERMISSIONS.
 */
import type { ListPromotionsResponse, ModelPolicyResponse, PromoteResponse, PromotionResponse, STRATA_PROMOTION_ENDPOINTS } from '../../api/strata-promotions.js';
import { MAX_PROMOTIONS_PER_PAGE } from '../../api/strata-promotions.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import type { RegistryService } from '../../core/services/registry-service.js';
import type { RoutePermission } from '../auth/route-permission.js';
import { policyToWire, promoteResultToWire, promotionToWire } from '../mappers/promotion-mapper.js';
import { EMPTY, type ApiHandler } from './api-handler.js';

type PromotionEndpoint = keyof typeof STRATA_PROMOTION_ENDPOINTS;

/**
 * Policies are read by model readers and changed by its managers (and admins). A request is
 * made by whoever may edit the model; approving, rejecting and cancelling name a request, not
 * a model, so the route asks for a signed-in principal with write scope and the service checks
 * the policy's approvers (or the requester, for cancel).
 */
export const PROMOTION_ROUTE_PERMISSIONS: Record<PromotionEndpoint, RoutePermission> = {
  getModelPolicy: { kind: 'model', role: 'viewer', locate: { by: 'key', field: 'name' } },
  setModelPolicy: { kind: 'model', role: 'manager', locate: { by: 'key', field: 'name' } },
  deleteModelPolicy: { kind: 'model', role: 'manager', locate: { by: 'key', field: 'name' } },
  createPromotion: { kind: 'model', role: 'editor', locate: { by: 'key', field: 'model' } },
  // Editor, as setting an alias directly is: the policy, not the route, decides what a protected alias needs.
  promote: { kind: 'model', role: 'editor', locate: { by: 'key', field: 'name' } },
  listPromotions: { kind: 'filtered', resource: 'model' },
  getPromotion: { kind: 'signed-in', scope: 'read' },
  approvePromotion: { kind: 'signed-in', scope: 'write' },
  rejectPromotion: { kind: 'signed-in', scope: 'write' },
  cancelPromotion: { kind: 'signed-in', scope: 'write' },
};

export function promotionRoutes(registry: RegistryService): Record<PromotionEndpoint, ApiHandler> {
  const { policies, promotions } = registry;
  const comment = (fields: { string(name: string): string | undefined }) => fields.string('comment') ?? '';
  return {
    getModelPolicy: async ({ fields }): Promise<ModelPolicyResponse> => ({ policy: policyToWire(await policies.get(fields.requiredString('name'))) }),
    setModelPolicy: async ({ fields, actor }): Promise<ModelPolicyResponse> => ({
      policy: policyToWire(await policies.set(actor, fields.requiredString('name'), fields.raw('protected_aliases'))),
    }),
    deleteModelPolicy: async ({ fields, actor }) => {
      await policies.delete(actor, fields.requiredString('name'));
      return EMPTY;
    },
    createPromotion: async ({ fields, principal, actor }): Promise<PromotionResponse> => {
      const request = await promotions.create(principal, actor, {
        modelName: fields.requiredString('model'),
        version: parseModelVersion(fields.raw('version')),
        alias: fields.requiredString('alias'),
        reason: fields.requiredString('reason'),
      });
      return { request: promotionToWire(request) };
    },
    promote: async ({ fields, principal, actor }): Promise<PromoteResponse> => {
      const version = fields.raw('version');
      const reason = fields.string('reason');
      const result = await promotions.promote(principal, actor, {
        modelName: fields.requiredString('name'),
        alias: fields.requiredString('alias'),
        ...(version === undefined || version === null || version === '' ? {} : { version: parseModelVersion(version) }),
        ...(reason === undefined ? {} : { reason }),
        rollback: fields.boolean('rollback'),
      });
      return promoteResultToWire(result);
    },
    listPromotions: async ({ fields }): Promise<ListPromotionsResponse> => {
      const model = fields.string('model');
      const state = fields.string('state');
      const maxResults = fields.int64('max_results');
      const requests = await promotions.list({
        ...(model ? { modelName: model } : {}),
        ...(state ? { state } : {}),
        maxResults: maxResults ?? Math.min(100, MAX_PROMOTIONS_PER_PAGE),
      });
      return { requests: requests.map(promotionToWire) };
    },
    getPromotion: async ({ fields }): Promise<PromotionResponse> => ({ request: promotionToWire(await promotions.get(fields.requiredString('request_id'))) }),
    approvePromotion: async ({ fields, principal, actor }): Promise<PromotionResponse> => ({
      request: promotionToWire(await promotions.approve(principal, actor, fields.requiredString('request_id'), comment(fields))),
    }),
    rejectPromotion: async ({ fields, principal, actor }): Promise<PromotionResponse> => ({
      request: promotionToWire(await promotions.reject(principal, actor, fields.requiredString('request_id'), comment(fields))),
    }),
    cancelPromotion: async ({ fields, principal, actor }): Promise<PromotionResponse> => ({
      request: promotionToWire(await promotions.cancel(principal, actor, fields.requiredString('request_id'), comment(fields))),
    }),
  };
}
