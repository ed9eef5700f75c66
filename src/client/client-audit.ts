/**
 * `client.audit`: Strata's audit log (`GET /api/strata/v1/audit`, newest first) and its hash
 * chain: events in sequence order with their hashes, signed checkpoints, the public key that
 * checks them, and the server's own verification.
 */
import {
  STRATA_AUDIT_ENDPOINTS,
  type AuditCheckpointWire,
  type CreateAuditCheckpointResponse,
  type GetAuditPublicKeyResponse,
  type ListAuditChainRequest,
  type ListAuditChainResponse,
  type ListAuditCheckpointsRequest,
  type ListAuditCheckpointsResponse,
  type VerifyAuditLogResponse,
} from '../api/strata-audit.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type ListAuditEventsRequest, type ListAuditEventsResponse } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function auditApi(transport: HttpTransport) {
  const call = <T>(endpoint: (typeof STRATA_AUDIT_ENDPOINTS)[keyof typeof STRATA_AUDIT_ENDPOINTS], request: object = {}) =>
    callEndpoint<T>(transport, STRATA_API_PREFIX, endpoint, request);
  return {
    list: (request: ListAuditEventsRequest = {}): Promise<ListAuditEventsResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_ENDPOINTS.listAuditEvents, request),
    /** Sealed events after `after_sequence` (or from `since`), in sequence order, with the count still pending. */
    chain: (request: ListAuditChainRequest = {}): Promise<ListAuditChainResponse> => call(STRATA_AUDIT_ENDPOINTS.listAuditChain, request),
    checkpoints: (request: ListAuditCheckpointsRequest = {}): Promise<ListAuditCheckpointsResponse> =>
      call(STRATA_AUDIT_ENDPOINTS.listAuditCheckpoints, request),
    /** Seals what is committed and signs a checkpoint now (admin); a retry gets the same checkpoint. */
    createCheckpoint: async (): Promise<AuditCheckpointWire> =>
      (await call<CreateAuditCheckpointResponse>(STRATA_AUDIT_ENDPOINTS.createAuditCheckpoint)).checkpoint,
    publicKey: (): Promise<GetAuditPublicKeyResponse> => call(STRATA_AUDIT_ENDPOINTS.getAuditPublicKey),
    /** The server checks its own log against its own key (admin); `strata audit verify` checks it from outside. */
    verify: (): Promise<VerifyAuditLogResponse> => call(STRATA_AUDIT_ENDPOINTS.verifyAuditLog),
  };
}

export type AuditApi = ReturnType<typeof auditApi>;
