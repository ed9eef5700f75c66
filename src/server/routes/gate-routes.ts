/**
 * Evaluation gates under /api/strata/v1/gates. Handlers only translate; one route reaches a run
 * or a model and recording needs more than evaluating, so the routes ask for a signed-in caller
 * and the service checks the target (gate-service.ts) with the request's access.
 */
import type { EvaluateGateResponse, GetGateResultResponse, ListGateResultsResponse, STRATA_GATE_ENDPOINTS } from '../../api/strata-gates.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import type { GateService } from '../../core/services/gate-service.js';
import type { RoutePermission } from '../auth/route-permission.js';
import { gateResultToWire } from '../mappers/gate-mapper.js';
import type { ApiHandler } from './api-handler.js';

type GateEndpoint = keyof typeof STRATA_GATE_ENDPOINTS;

/** Evaluating with dry_run needs read access to the target; recording, editor (the service checks both). */
export const GATE_ROUTE_PERMISSIONS: Record<GateEndpoint, RoutePermission> = {
  evaluateGate: { kind: 'signed-in', scope: 'read' },
  listGateResults: { kind: 'filtered', resource: 'model' },
  getGateResult: { kind: 'signed-in', scope: 'read' },
};

export function gateRoutes(gates: GateService): Record<GateEndpoint, ApiHandler> {
  return {
    evaluateGate: async ({ fields, access, principal, actor }): Promise<EvaluateGateResponse> => {
      const runId = fields.string('run_id');
      const modelUri = fields.string('model_uri');
      const ciJobUrl = fields.string('ci_job_url');
      const { result, recorded } = await gates.evaluate(access, principal, actor, {
        spec: fields.requiredString('spec'),
        ...(runId ? { runId } : {}),
        ...(modelUri ? { modelUri } : {}),
        ...(ciJobUrl ? { ciJobUrl } : {}),
        ci: fields.raw('ci'),
        dryRun: fields.boolean('dry_run'),
      });
      return { result: gateResultToWire(result, recorded) };
    },
    listGateResults: async ({ fields, access }): Promise<ListGateResultsResponse> => {
      const runId = fields.string('run_id');
      const name = fields.string('name');
      const version = fields.raw('version');
      const gate = fields.string('gate');
      const maxResults = fields.int64('max_results');
      const results = await gates.list(access, {
        ...(runId ? { runId } : {}),
        ...(name ? { modelName: name } : {}),
        ...(version === undefined || version === '' ? {} : { version: parseModelVersion(version) }),
        ...(gate ? { gate } : {}),
        ...(maxResults === undefined ? {} : { maxResults }),
      });
      return { results: results.map((result) => gateResultToWire(result)) };
    },
    getGateResult: async ({ fields, access }): Promise<GetGateResultResponse> => ({
      result: gateResultToWire(await gates.get(access, fields.requiredString('result_id'))),
    }),
  };
}
