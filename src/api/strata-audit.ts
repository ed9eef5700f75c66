/**
 * The tamper-evident audit log's endpoints under /api/strata/v1/audit (docs/audit-chain.md):
 * the chain in sequence order, signed checkpoints, the public key that checks them, and a
 * server-side verification. The same wire shapes are the lines of `strata audit export`.
 */

/** An audit event with its place in the hash chain. */
export interface SealedAuditEventWire {
  sequence: number;
  event_id: number;
  time: number;
  actor: string;
  actor_claimed?: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** null (with summary_text) when the stored summary is not valid JSON. */
  summary: Record<string, unknown> | null;
  /** Only when the stored summary is not valid JSON (the row was edited): its text. The event is then reported as edited. */
  summary_text?: string;
  /** SHA-256 of the event's canonical bytes, hex. */
  leaf_hash: string;
  /** SHA-256 binding the event to every one before it, hex. */
  chain_hash: string;
}

export interface AuditCheckpointWire {
  checkpoint_id?: number;
  /** Events covered: sequences 1..size. */
  size: number;
  /** The chain hash of event `size`. */
  root_hash: string;
  time: number;
  key_id: string;
  /** Ed25519 over `strata-audit-checkpoint/1\n{"size":…,"root_hash":"…","time":…}`, base64. */
  signature: string;
}

/** `GET /api/strata/v1/audit/chain?after_sequence=&since=&max_results=`: sealed events by sequence. */
export interface ListAuditChainRequest {
  after_sequence?: number;
  /** Start at the first event at or after this time (ms since the epoch or ISO 8601) instead. */
  since?: number | string;
  max_results?: number;
}

export interface ListAuditChainResponse {
  events: SealedAuditEventWire[];
  /** Committed events the sealer has not placed yet (they are not tampering: they are new). */
  pending_events: number;
}

/** `GET /api/strata/v1/audit/checkpoints?after_size=&max_results=`: by size. */
export interface ListAuditCheckpointsRequest {
  after_size?: number;
  max_results?: number;
}

export interface ListAuditCheckpointsResponse {
  checkpoints: AuditCheckpointWire[];
}

/** `POST /api/strata/v1/audit/checkpoints`: seal what is committed and sign it now (admin). */
export interface CreateAuditCheckpointResponse {
  checkpoint: AuditCheckpointWire;
}

/** `GET /api/strata/v1/audit/public-key`: anyone may read it. */
export interface GetAuditPublicKeyResponse {
  /** SPKI PEM of the Ed25519 key. */
  public_key: string;
  key_id: string;
}

export interface AuditProblemWire {
  kind: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'rewritten' | 'bad-signature';
  sequence?: number;
  event_id?: number;
  checkpoint_id?: number;
  message: string;
}

/** `GET /api/strata/v1/audit/verify` (admin): the server checks its own log against its key. */
export interface VerifyAuditLogResponse {
  ok: boolean;
  problem?: AuditProblemWire;
  events: number;
  first_sequence?: number;
  last_sequence?: number;
  checkpoints_verified: number;
  events_after_last_checkpoint: number;
  pending_events: number;
}

export const STRATA_AUDIT_ENDPOINTS = {
  listAuditChain: { methods: ['GET'], path: '/audit/chain' },
  listAuditCheckpoints: { methods: ['GET'], path: '/audit/checkpoints' },
  createAuditCheckpoint: { methods: ['POST'], path: '/audit/checkpoints' },
  getAuditPublicKey: { methods: ['GET'], path: '/audit/public-key' },
  verifyAuditLog: { methods: ['GET'], path: '/audit/verify' },
} as const;
