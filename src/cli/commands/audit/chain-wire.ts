/** The audit chain's wire shapes (api/strata-audit.ts) as core's verifier reads them, and the export file's lines. */
import type { AuditCheckpointWire, SealedAuditEventWire } from '../../../api/strata-audit.js';
import type { ChainHead, SealedAuditEvent } from '../../../core/audit/audit-chain.js';
import type { AuditCheckpoint } from '../../../core/audit/audit-checkpoint.js';

export const EXPORT_FORMAT = 'strata-audit-export/1';

/** The first line of an export: what it is, the key it was exported with (a hint only: verify takes the key it trusts by --public-key), where it starts. */
export interface ExportHeaderLine {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  exported_at: number;
  key_id: string;
  public_key: string;
  /** The chain head just before the first event (sequence 0 and zeros for a whole-log export). */
  after: { sequence: number; chain_hash: string };
}

export type ExportEventLine = { type: 'event' } & SealedAuditEventWire;
export type ExportCheckpointLine = { type: 'checkpoint' } & AuditCheckpointWire;
export type ExportLine = ExportHeaderLine | ExportEventLine | ExportCheckpointLine;

export function eventFromWire(wire: SealedAuditEventWire): SealedAuditEvent {
  // One object per event, no spread: a million-event verify builds a million of these.
  const event: SealedAuditEvent = {
    sequence: wire.sequence,
    eventId: wire.event_id,
    time: wire.time,
    actor: wire.actor,
    action: wire.action,
    entityType: wire.entity_type,
    entityId: wire.entity_id,
    summary: wire.summary ?? {},
    leafHash: wire.leaf_hash,
    chainHash: wire.chain_hash,
  };
  if (wire.actor_claimed !== undefined) event.actorClaimed = wire.actor_claimed;
  if (wire.summary_text !== undefined) event.unreadableSummary = wire.summary_text;
  return event;
}

export function checkpointFromWire(wire: AuditCheckpointWire): AuditCheckpoint {
  return {
    ...(wire.checkpoint_id === undefined ? {} : { checkpointId: wire.checkpoint_id }),
    size: wire.size,
    rootHash: wire.root_hash,
    time: wire.time,
    keyId: wire.key_id,
    signature: wire.signature,
  };
}

export function headFromWire(after: ExportHeaderLine['after']): ChainHead {
  return { sequence: after.sequence, chainHash: after.chain_hash };
}
