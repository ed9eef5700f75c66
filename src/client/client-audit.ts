/** `client.audit`: Strata's audit log (`GET /api/strata/v1/audit`), newest first. */
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type ListAuditEventsRequest, type ListAuditEventsResponse } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function auditApi(transport: HttpTransport) {
  return {
    list: (request: ListAuditEventsRequest = {}): Promise<ListAuditEventsResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_ENDPOINTS.listAuditEvents, request),
  };
}

export type AuditApi = ReturnType<typeof auditApi>;
