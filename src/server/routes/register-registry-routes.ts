/**
 * Mounts the model registry: MLflow's registry endpoints under both MLflow prefixes,
 * and Strata's resolve and alias-history endpoints. `handle` is create-app's adapter
 * from an ApiHandler to a Fastify handler, so registry routes read fields, pick the
 * actor and write JSON exactly like the tracking routes.
 */
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { MLFLOW_REGISTRY_ENDPOINTS, type MlflowRegistryEndpointName } from '../../api/mlflow-registry.js';
import { MLFLOW_API_PREFIXES } from '../../api/mlflow-tracking.js';
import { STRATA_REGISTRY_ENDPOINTS } from '../../api/strata-registry.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import type { RegistryService } from '../../core/services/registry-service.js';
import type { ApiHandler } from './api-handler.js';
import { modelVersionRoutes } from './model-version-routes.js';
import { registeredModelRoutes } from './registered-model-routes.js';
import { strataRegistryRoutes } from './strata-registry-routes.js';

export function registerRegistryRoutes(
  api: FastifyInstance,
  registry: RegistryService,
  handle: (handler: ApiHandler) => RouteHandlerMethod,
): void {
  const handlers: Record<MlflowRegistryEndpointName, ApiHandler> = {
    ...registeredModelRoutes(registry),
    ...modelVersionRoutes(registry),
  };
  for (const [name, endpoint] of Object.entries(MLFLOW_REGISTRY_ENDPOINTS)) {
    const route = handle(handlers[name as MlflowRegistryEndpointName]);
    for (const prefix of MLFLOW_API_PREFIXES) {
      for (const method of endpoint.methods) api.route({ method, url: `${prefix}${endpoint.path}`, handler: route });
    }
  }
  const strata = strataRegistryRoutes(registry);
  api.get(`${STRATA_API_PREFIX}${STRATA_REGISTRY_ENDPOINTS.resolveModelUri.path}`, handle(strata.resolveModelUri));
  api.get(`${STRATA_API_PREFIX}${STRATA_REGISTRY_ENDPOINTS.aliasHistory.path}`, handle(strata.aliasHistory));
}
