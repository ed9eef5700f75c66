/**
 * Storage of the audit log's hash chain (core/audit/): sealing committed events in order, and
 * the signed checkpoints. Events themselves are appended by each mutation's transaction
 * (MetadataRepository.appendAuditEvent), unsealed: writers never wait for the chain.
 */
import type { ChainHead, SealAssignment, SealedAuditEvent, StoredSealedAuditEvent } from '../audit/audit-chain.js';
import type { AuditCheckpoint } from '../audit/audit-checkpoint.js';

/** A committed event the sealer has not placed in the chain yet. */
export interface UnsealedAuditEvent {
  eventId: number;
  time: number;
  actor: string;
  actorClaimed?: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
}

/** Places `events` (oldest id first) after `head`: pure, run inside the sealing transaction. */
export type SealFunction = (head: ChainHead, events: readonly UnsealedAuditEvent[]) => SealAssignment[];

export interface AuditLedger {
  /**
   * Seals up to `limit` committed, unsealed events in one transaction, under a database-wide
   * lock so that sealers of several processes take turns (each re-reads the head after the
   * lock). Returns how many it sealed. A late-committing event with a smaller id is simply
   * sealed by a later call: the sealer looks for unsealed rows, not ids above a mark.
   */
  sealPending(seal: SealFunction, limit: number): Promise<number>;
  /** The last sealed event's sequence and chain hash (sequence 0 and the genesis hash when none). */
  chainHead(): Promise<ChainHead>;
  /** The chain head just before `sequence` (its sequence is sequence - 1); undefined when that event is not there. */
  headBefore(sequence: number): Promise<ChainHead | undefined>;
  countUnsealed(): Promise<number>;
  /** Sealed events with sequence > afterSequence, in sequence order. */
  listSealed(afterSequence: number, limit: number): Promise<SealedAuditEvent[]>;
  /** listSealed with each summary left as its stored JSON text: the chain endpoint sends it on unparsed. */
  listSealedStored(afterSequence: number, limit: number): Promise<StoredSealedAuditEvent[]>;
  /**
   * listSealedStored's page as the UTF-8 bytes of its events' wire JSON texts joined with commas
   * (ListAuditChainResponse's events array without its brackets), written by the database;
   * undefined where the database cannot (then listSealedStored is used).
   */
  listSealedJson(afterSequence: number, limit: number): Promise<Uint8Array | undefined>;
  /** The smallest sequence of an event at or after `time`; undefined when there is none. */
  firstSequenceSince(time: number): Promise<number | undefined>;
  /** The largest sequence of an event before `time`; undefined when there is none. */
  lastSequenceBefore(time: number): Promise<number | undefined>;
  /** Stores a checkpoint; one of the same size already stored (another replica's) is kept and returned instead. */
  insertCheckpoint(checkpoint: AuditCheckpoint): Promise<AuditCheckpoint>;
  latestCheckpoint(): Promise<AuditCheckpoint | undefined>;
  /** Checkpoints with size > afterSize, by size. */
  listCheckpoints(afterSize: number, limit: number): Promise<AuditCheckpoint[]>;
  /** The first checkpoint with size >= `size`. */
  checkpointCovering(size: number): Promise<AuditCheckpoint | undefined>;
}
