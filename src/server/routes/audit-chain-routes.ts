/** The audit chain's routes (api/strata-audit.ts): read the chain and checkpoints, sign one now, verify. */
import type {
  CreateAuditCheckpointResponse, GetAuditPublicKeyResponse, ListAuditCheckpointsResponse, STRATA_AUDIT_ENDPOINTS,
} from '../../api/strata-audit.js';
import type { AuditChainService } from '../../core/services/audit-chain-service.js';
import { parseTimeParameter } from '../../core/time-parameter.js';
import type { RoutePermission } from '../auth/route-permission.js';
import { checkpointToWire, storedEventJson, verifyReportToWire } from '../mappers/audit-chain-mapper.js';
import { JsonText, type ApiHandler } from './api-handler.js';

type AuditChainRouteName = keyof typeof STRATA_AUDIT_ENDPOINTS;

/** The public key is public (anyone checks checkpoints with it); the chain shows summaries unmasked: admins. */
export const AUDIT_CHAIN_PERMISSIONS: Record<AuditChainRouteName, RoutePermission> = {
  listAuditChain: { kind: 'admin' },
  listAuditCheckpoints: { kind: 'admin' },
  createAuditCheckpoint: { kind: 'admin' },
  getAuditPublicKey: { kind: 'public' },
  verifyAuditLog: { kind: 'admin' },
};

export function auditChainRoutes(chain: AuditChainService): Record<AuditChainRouteName, ApiHandler> {
  return {
    listAuditChain: async ({ fields }) => {
      const since = fields.raw('since');
      const page = await chain.listChain({
        afterSequence: fields.int64('after_sequence'),
        since: since === undefined || since === null || since === '' ? undefined : parseTimeParameter(String(since), 'since'),
        maxResults: fields.int64('max_results'),
      });
      // ListAuditChainResponse, written as text (by the database, or storedEventJson) so summaries pass through unparsed.
      const tail = `],"pending_events":${page.pendingEvents}}`;
      if ('eventsJson' in page) return new JsonText(Buffer.concat([Buffer.from('{"events":['), page.eventsJson, Buffer.from(tail)]));
      return new JsonText(`{"events":[${page.events.map(storedEventJson).join(',')}${tail}`);
    },
    listAuditCheckpoints: async ({ fields }) => {
      const checkpoints = await chain.listCheckpoints(fields.int64('after_size') ?? 0, fields.int64('max_results'));
      const body: ListAuditCheckpointsResponse = { checkpoints: checkpoints.map(checkpointToWire) };
      return body;
    },
    createAuditCheckpoint: async () => {
      const body: CreateAuditCheckpointResponse = { checkpoint: checkpointToWire(await chain.checkpoint()) };
      return body;
    },
    getAuditPublicKey: async () => {
      const key = chain.publicKey();
      const body: GetAuditPublicKeyResponse = { public_key: key.pem, key_id: key.keyId };
      return body;
    },
    verifyAuditLog: async () => verifyReportToWire(await chain.verify()),
  };
}
