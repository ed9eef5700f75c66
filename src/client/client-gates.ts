/**
 * `client.gates`: evaluation gates the server evaluates and records (Strata only; see
 * src/api/strata-gates.ts). `evaluate` records a result unless `dry_run`; a spec that does not
 * parse rejects with a StrataApiError whose `details.problems` give each line and column.
 */
import {
  STRATA_GATE_ENDPOINTS,
  type EvaluateGateRequest,
  type EvaluateGateResponse,
  type GateResultWire,
  type GetGateResultResponse,
  type ListGateResultsRequest,
  type ListGateResultsResponse,
} from '../api/strata-gates.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function gatesApi(transport: HttpTransport) {
  const call = <T>(endpoint: keyof typeof STRATA_GATE_ENDPOINTS, request: object, safety: 'idempotent' | 'create' = 'idempotent') =>
    callEndpoint<T>(transport, STRATA_API_PREFIX, STRATA_GATE_ENDPOINTS[endpoint], request, safety);
  return {
    /** Evaluates the spec against a run or a model version; the answer says whether it was recorded. An `error` status is an answer, not a rejection. */
    evaluate: async (request: EvaluateGateRequest): Promise<GateResultWire> => (await call<EvaluateGateResponse>('evaluateGate', request, 'create')).result,
    /** Newest first, by run_id or by name (and version), optionally one gate. */
    list: async (request: ListGateResultsRequest): Promise<GateResultWire[]> => (await call<ListGateResultsResponse>('listGateResults', request)).results,
    get: async (resultId: string): Promise<GateResultWire> => (await call<GetGateResultResponse>('getGateResult', { result_id: resultId })).result,
  };
}

export type GatesApi = ReturnType<typeof gatesApi>;
