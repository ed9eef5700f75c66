/**
 * Mounts MLflow 3's webhook endpoints under both MLflow prefixes and Strata's delivery log.
 * These are the only routes with a path parameter (`/webhooks/{webhook_id}`); it is merged
 * into the request's fields so handlers read it like any other field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { MLFLOW_API_PREFIXES } from '../../api/mlflow-tracking.js';
import { MLFLOW_WEBHOOK_ENDPOINTS, type MlflowWebhookEndpointName } from '../../api/mlflow-webhooks.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { STRATA_WEBHOOK_ENDPOINTS } from '../../api/strata-webhooks.js';
import type { WebhookService } from '../../core/webhooks/webhook-service.js';
import type { ApiHandler } from './api-handler.js';
import { webhookRoutes } from './webhook-routes.js';

type Source = Record<string, unknown>;

function withPathParams(route: RouteHandlerMethod): RouteHandlerMethod {
  return function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const params = (request.params ?? {}) as Source;
    if (request.method === 'GET') request.query = { ...((request.query as Source | undefined) ?? {}), ...params };
    else request.body = { ...((request.body as Source | null | undefined) ?? {}), ...params };
    return route.call(this, request, reply);
  };
}

export function registerWebhookRoutes(
  api: FastifyInstance,
  webhooks: WebhookService,
  handle: (handler: ApiHandler) => RouteHandlerMethod,
): void {
  const handlers = webhookRoutes(webhooks);
  for (const [name, endpoint] of Object.entries(MLFLOW_WEBHOOK_ENDPOINTS)) {
    const route = withPathParams(handle(handlers[name as MlflowWebhookEndpointName]));
    for (const prefix of MLFLOW_API_PREFIXES) {
      for (const method of endpoint.methods) api.route({ method, url: `${prefix}${endpoint.path}`, handler: route });
    }
  }
  const deliveries = STRATA_WEBHOOK_ENDPOINTS.listWebhookDeliveries;
  api.get(`${STRATA_API_PREFIX}${deliveries.path}`, withPathParams(handle(handlers.listWebhookDeliveries)));
}
