/**
 * The audit chain on the wire. Unlike the audit list (audit-mapper.ts), summaries go out
 * exactly as stored — no key renaming, no masking — because they are the bytes the hashes
 * cover; that is why these endpoints are for admins and auditors.
 */
import type { AuditCheckpointWire, AuditProblemWire, SealedAuditEventWire, VerifyAuditLogResponse } from '../../api/strata-audit.js';
import type { SealedAuditEvent, StoredSealedAuditEvent } from '../../core/audit/audit-chain.js';
import type { AuditCheckpoint } from '../../core/audit/audit-checkpoint.js';
import { jsonString } from '../../core/audit/canonical-json.js';
import type { AuditProblem } from '../../core/audit/audit-verifier.js';
import type { ServerVerifyReport } from '../../core/services/audit-chain-service.js';

export function sealedEventToWire(event: SealedAuditEvent): SealedAuditEventWire {
  return {
    sequence: event.sequence,
    event_id: event.eventId,
    time: event.time,
    actor: event.actor,
    ...(event.actorClaimed === undefined ? {} : { actor_claimed: event.actorClaimed }),
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    summary: event.summary,
    leaf_hash: event.leafHash,
    chain_hash: event.chainHash,
  };
}

/**
 * sealedEventToWire's JSON, written directly with the summary's stored text spliced in: a
 * million-event verify would otherwise parse and re-serialise every summary on the server.
 * Same keys, same order as sealedEventToWire.
 */
export function storedEventJson(event: StoredSealedAuditEvent): string {
  // jsonString: JSON.stringify's exact output, cheaper for the plain strings nearly every field holds (a page is 10,000 of these).
  const claimed = event.actorClaimed === undefined ? '' : `,"actor_claimed":${jsonString(event.actorClaimed)}`;
  return `{"sequence":${event.sequence},"event_id":${event.eventId},"time":${event.time},"actor":${jsonString(event.actor)}${claimed}`
    + `,"action":${jsonString(event.action)},"entity_type":${jsonString(event.entityType)},"entity_id":${jsonString(event.entityId)}`
    + `${summaryJson(event.summaryJson)},"leaf_hash":${jsonString(event.leafHash)},"chain_hash":${jsonString(event.chainHash)}}`;
}

/**
 * The stored summary spliced in when it is JSON; otherwise (someone edited the row) its text as
 * summary_text, so the page stays valid JSON and the verifier names the event as edited. One
 * JSON.parse per summary: only the dialects that cannot check this in SQL come here (dialect-quirks.ts).
 */
function summaryJson(text: string): string {
  try {
    JSON.parse(text);
    return `,"summary":${text}`;
  } catch {
    return `,"summary":null,"summary_text":${JSON.stringify(text)}`;
  }
}

export function checkpointToWire(checkpoint: AuditCheckpoint): AuditCheckpointWire {
  return {
    ...(checkpoint.checkpointId === undefined ? {} : { checkpoint_id: checkpoint.checkpointId }),
    size: checkpoint.size,
    root_hash: checkpoint.rootHash,
    time: checkpoint.time,
    key_id: checkpoint.keyId,
    signature: checkpoint.signature,
  };
}

function problemToWire(problem: AuditProblem): AuditProblemWire {
  return {
    kind: problem.kind,
    ...(problem.sequence === undefined ? {} : { sequence: problem.sequence }),
    ...(problem.eventId === undefined ? {} : { event_id: problem.eventId }),
    ...(problem.checkpointId === undefined ? {} : { checkpoint_id: problem.checkpointId }),
    message: problem.message,
  };
}

export function verifyReportToWire(report: ServerVerifyReport): VerifyAuditLogResponse {
  return {
    ok: report.ok,
    ...(report.problem ? { problem: problemToWire(report.problem) } : {}),
    events: report.events,
    ...(report.firstSequence === undefined ? {} : { first_sequence: report.firstSequence, last_sequence: report.lastSequence }),
    checkpoints_verified: report.checkpointsVerified,
    events_after_last_checkpoint: report.eventsAfterLastCheckpoint,
    pending_events: report.pendingEvents,
  };
}
