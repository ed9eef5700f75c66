/**
 * Mounts the dataset registry under /api/strata/v1/datasets. Like create-app's adapter,
 * each route reads its fields (GET: query string, POST: JSON body), picks the actor and
 * writes JSON; path parameters join the fields, taking precedence over the query.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STRATA_DATASET_ENDPOINTS, type StrataDatasetEndpointName } from '../../api/strata-datasets.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import type { DatasetRegistryService } from '../../core/services/dataset-registry-service.js';
import { RequestFields } from '../request-fields.js';
import { apiContext } from './api-context.js';
import type { ApiHandler } from './api-handler.js';
import { datasetRegistryRoutes } from './dataset-registry-routes.js';

function handleWithParams(handler: ApiHandler) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<string> => {
    const fromQuery = request.method === 'GET';
    const source = ((fromQuery ? request.query : request.body) ?? {}) as Record<string, unknown>;
    const params = (request.params ?? {}) as Record<string, string>;
    const result = await handler(apiContext(request, reply, new RequestFields({ ...source, ...params }, fromQuery)));
    void reply.type('application/json');
    return JSON.stringify(result);
  };
}

export function registerDatasetRoutes(api: FastifyInstance, datasets: DatasetRegistryService): void {
  const handlers = datasetRegistryRoutes(datasets);
  for (const [name, endpoint] of Object.entries(STRATA_DATASET_ENDPOINTS)) {
    const handler = handleWithParams(handlers[name as StrataDatasetEndpointName]);
    for (const method of endpoint.methods) api.route({ method, url: `${STRATA_API_PREFIX}${endpoint.path}`, handler });
  }
}
