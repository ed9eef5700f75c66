/**
 * The audit log's hash chain (docs/audit-chain.md). Every committed event gets a sequence
 * number in the order the sealer saw it committed, a leaf hash over its canonical bytes, and a
 * chain hash binding it to every event before it:
 *
 *   leaf(n)  = SHA-256(0x00 ‖ canonical bytes of event n)
 *   chain(n) = SHA-256(0x01 ‖ chain(n-1) ‖ leaf(n)),   chain(0) = 32 zero bytes
 *
 * The domain bytes 0x00/0x01 keep a leaf from ever being read as a chain step (RFC 6962's
 * habit). A signed checkpoint (size n, chain(n)) then fixes the first n events: changing,
 * adding, removing or moving any of them changes chain(n).
 */
import type { AuditCrypto } from '../ports/audit-crypto.js';
import { canonicalJson, jsonString } from './canonical-json.js';

export const GENESIS_CHAIN_HASH = '0'.repeat(64);

/** The fields of an event the chain covers (its database id is not one: it is not in commit order). */
export interface ChainedFields {
  sequence: number;
  time: number;
  actor: string;
  actorClaimed?: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
}

/** An event as the sealer left it: its content, its place in the chain and the two hashes. */
export interface SealedAuditEvent extends ChainedFields {
  eventId: number;
  /** Set when the stored summary is not JSON at all (the row was edited): its text; summary is then empty. */
  unreadableSummary?: string;
  leafHash: string;
  chainHash: string;
}

/** The domain bytes, as the one character / two hex digits that encode them. */
const LEAF_PREFIX = '\u0000';
const NODE_PREFIX = '01';

/** The canonical bytes of an event: a JSON array, so field order is fixed by position. */
export function canonicalEventText(event: ChainedFields): string {
  return `[${event.sequence},${event.time},${jsonString(event.actor)},${event.actorClaimed === undefined ? 'null' : jsonString(event.actorClaimed)},`
    + `${jsonString(event.action)},${jsonString(event.entityType)},${jsonString(event.entityId)},${canonicalJson(event.summary)}]`;
}

/** SHA-256(0x00 ‖ UTF-8 of the canonical text): U+0000 is the one-byte 0x00 in UTF-8. */
export function leafHash(crypto: AuditCrypto, event: ChainedFields): string {
  return crypto.sha256Hex(LEAF_PREFIX + canonicalEventText(event), 'utf8');
}

export function chainHash(crypto: AuditCrypto, previous: string, leaf: string): string {
  return crypto.sha256Hex(NODE_PREFIX + previous + leaf, 'hex');
}

/** A sealed event as stored, its summary still the JSON text it was written as (for responses that pass it on unparsed). */
export type StoredSealedAuditEvent = Omit<SealedAuditEvent, 'summary'> & { summaryJson: string };

/** What sealing assigns to one event. */
export interface SealAssignment {
  eventId: number;
  sequence: number;
  leafHash: string;
  chainHash: string;
}

/** The chain's last sealed event, or the genesis (sequence 0) of an empty chain. */
export interface ChainHead {
  sequence: number;
  chainHash: string;
}

export const GENESIS_HEAD: ChainHead = { sequence: 0, chainHash: GENESIS_CHAIN_HASH };

/** Extends the chain from `head` with `events`, in the order given (the order they are sealed). */
export function sealEvents(
  crypto: AuditCrypto,
  head: ChainHead,
  events: ReadonlyArray<Omit<ChainedFields, 'sequence'> & { eventId: number }>,
): SealAssignment[] {
  let previous = head.chainHash;
  return events.map((event, index) => {
    const sequence = head.sequence + index + 1;
    const leaf = leafHash(crypto, { ...event, sequence });
    previous = chainHash(crypto, previous, leaf);
    return { eventId: event.eventId, sequence, leafHash: leaf, chainHash: previous };
  });
}
