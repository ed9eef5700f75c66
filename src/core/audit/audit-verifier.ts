/**
 * Checks a stream of sealed events against signed checkpoints and reports the first problem
 * precisely. Streaming: events are fed one at a time in the order they are read (sequence
 * order from the server, line order from an export), so a million events never sit in memory.
 * Only the checkpoints are trusted (their signatures are checked first); the stored leaf and
 * chain hashes are recomputed, and a mismatch names what it means.
 */
import type { AuditCrypto } from '../ports/audit-crypto.js';
import { chainHash, GENESIS_HEAD, leafHash, type ChainHead, type SealedAuditEvent } from './audit-chain.js';
import { checkpointSignatureValid, type AuditCheckpoint } from './audit-checkpoint.js';

export type AuditProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'rewritten' | 'bad-signature';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The sequence where it shows. */
  sequence?: number;
  eventId?: number;
  checkpointId?: number;
  message: string;
}

export interface AuditVerifyReport {
  ok: boolean;
  problem?: AuditProblem;
  /** Events checked (up to the problem, when there is one). */
  events: number;
  firstSequence?: number;
  lastSequence?: number;
  /** Checkpoints whose signature and root hash were both checked. */
  checkpointsVerified: number;
  /** Events after the last checkpoint checked: bound by the chain only until the next checkpoint. */
  eventsAfterLastCheckpoint: number;
}

export interface AuditVerifierOptions {
  publicKeyPem: string;
  /** Every checkpoint known, any order. */
  checkpoints: readonly AuditCheckpoint[];
  /** Where a partial export starts: the chain head just before its first event (default: genesis). */
  startAfter?: ChainHead;
}

/** How far back and forth a leaf that does not match is tried at other sequences, to tell a move from an edit. */
const MOVE_SEARCH_WINDOW = 16;

export class AuditChainVerifier {
  private readonly crypto: AuditCrypto;
  private readonly checkpoints: AuditCheckpoint[];
  private nextCheckpoint = 0;
  private expected: number;
  private previous: string;
  private problem: AuditProblem | undefined;
  private gap: SealedAuditEvent | undefined;
  private events = 0;
  private firstSequence: number | undefined;
  private checkpointsVerified = 0;
  private lastCheckpointSize: number;

  constructor(crypto: AuditCrypto, options: AuditVerifierOptions) {
    this.crypto = crypto;
    const head = options.startAfter ?? GENESIS_HEAD;
    this.expected = head.sequence + 1;
    this.previous = head.chainHash;
    this.lastCheckpointSize = head.sequence;
    // Checkpoints at or before the start cover events this stream does not hold: not checkable here.
    this.checkpoints = [...options.checkpoints].filter((c) => c.size > head.sequence).sort((a, b) => a.size - b.size);
    this.problem = this.findBadSignature(options.publicKeyPem);
  }

  /** Feeds the next event; false once a problem is found (later events are ignored). */
  add(event: SealedAuditEvent): boolean {
    if (this.problem) return false;
    if (this.gap) {
      this.problem = this.resolveGap(this.gap, event);
      return false;
    }
    if (event.sequence > this.expected) {
      // Missing, or only late (two lines swapped): the next event tells which.
      this.gap = event;
      return true;
    }
    if (event.sequence < this.expected) {
      this.problem = event.sequence === this.expected - 1
        ? problem('inserted', event, `inserted: a second event claims sequence ${event.sequence} (event id ${event.eventId})`)
        : problem('reordered', event, `reordered: sequence ${event.sequence} (event id ${event.eventId}) comes after sequence ${this.expected - 1}`);
      return false;
    }
    this.problem = this.check(event);
    return this.problem === undefined;
  }

  finish(): AuditVerifyReport {
    if (!this.problem && this.gap) this.problem = missing(this.expected, this.gap);
    if (!this.problem) this.problem = this.findCheckpointBeyondEnd();
    const lastSequence = this.expected - 1;
    const hasEvents = this.firstSequence !== undefined;
    return {
      ok: this.problem === undefined,
      ...(this.problem ? { problem: this.problem } : {}),
      events: this.events,
      ...(hasEvents ? { firstSequence: this.firstSequence, lastSequence } : {}),
      checkpointsVerified: this.checkpointsVerified,
      eventsAfterLastCheckpoint: hasEvents ? lastSequence - Math.max(this.lastCheckpointSize, (this.firstSequence ?? 1) - 1) : 0,
    };
  }

  private findBadSignature(publicKeyPem: string): AuditProblem | undefined {
    const bad = this.checkpoints.find((c) => !checkpointSignatureValid(this.crypto, c, publicKeyPem));
    if (!bad) return undefined;
    return {
      kind: 'bad-signature',
      checkpointId: bad.checkpointId,
      message: `bad checkpoint signature: checkpoint ${bad.checkpointId ?? '?'} (size ${bad.size}, key ${bad.keyId}) is not signed by the given public key`,
    };
  }

  private check(event: SealedAuditEvent): AuditProblem | undefined {
    if (event.unreadableSummary !== undefined) {
      return problem('edited', event, `edited: event at sequence ${event.sequence} (event id ${event.eventId}) has a stored summary that is not valid JSON (its content was changed after sealing)`);
    }
    // The canonical text writes sequence and time as they come: a text put in their columns (the
    // page passes column values on as JSON) must not reach it, where it could stand for other fields.
    if (typeof event.time !== 'number' || typeof event.sequence !== 'number') {
      return problem('edited', event, `edited: event at sequence ${event.sequence} (event id ${event.eventId}) has a sequence or time that is not a number (its content was changed after sealing)`);
    }
    const leaf = leafHash(this.crypto, event);
    if (leaf !== event.leafHash) return this.leafProblem(event);
    const chain = chainHash(this.crypto, this.previous, leaf);
    if (chain !== event.chainHash) {
      return problem('rewritten', event, `rewritten: the chain hash at sequence ${event.sequence} (event id ${event.eventId}) does not follow from the events before it (an earlier event was removed or replaced with its hashes recomputed)`);
    }
    this.previous = chain;
    this.events += 1;
    this.firstSequence ??= event.sequence;
    this.expected = event.sequence + 1;
    return this.checkCheckpoints(event);
  }

  /** The content no longer gives its leaf hash: moved from another sequence, or edited. */
  private leafProblem(event: SealedAuditEvent): AuditProblem {
    for (let delta = 1; delta <= MOVE_SEARCH_WINDOW; delta += 1) {
      for (const sequence of [event.sequence - delta, event.sequence + delta]) {
        if (sequence > 0 && leafHash(this.crypto, { ...event, sequence }) === event.leafHash) {
          return problem('reordered', event, `reordered: event id ${event.eventId} was sealed at sequence ${sequence} but now stands at sequence ${event.sequence}`);
        }
      }
    }
    return problem('edited', event, `edited: event at sequence ${event.sequence} (event id ${event.eventId}) does not match its leaf hash (its content was changed after sealing)`);
  }

  private checkCheckpoints(event: SealedAuditEvent): AuditProblem | undefined {
    while (this.nextCheckpoint < this.checkpoints.length && this.checkpoints[this.nextCheckpoint]!.size <= event.sequence) {
      const checkpoint = this.checkpoints[this.nextCheckpoint]!;
      this.nextCheckpoint += 1;
      if (checkpoint.size < event.sequence) continue; // passed over only after a problem; never reached
      if (checkpoint.rootHash !== this.previous) {
        return {
          kind: 'rewritten',
          sequence: event.sequence,
          checkpointId: checkpoint.checkpointId,
          message: `rewritten: the log does not match signed checkpoint ${checkpoint.checkpointId ?? '?'} (size ${checkpoint.size}): an event between sequence ${this.lastCheckpointSize + 1} and ${checkpoint.size} was changed, added or removed and the stored hashes recomputed`,
        };
      }
      this.checkpointsVerified += 1;
      this.lastCheckpointSize = checkpoint.size;
    }
    return undefined;
  }

  private resolveGap(late: SealedAuditEvent, next: SealedAuditEvent): AuditProblem {
    if (next.sequence === this.expected) {
      return problem('reordered', next, `reordered: sequence ${next.sequence} (event id ${next.eventId}) comes after sequence ${late.sequence} (event id ${late.eventId})`);
    }
    return missing(this.expected, late);
  }

  private findCheckpointBeyondEnd(): AuditProblem | undefined {
    const beyond = this.checkpoints[this.nextCheckpoint];
    if (!beyond) return undefined;
    const end = this.expected - 1;
    return {
      kind: 'deleted',
      sequence: end + 1,
      checkpointId: beyond.checkpointId,
      message: `deleted: checkpoint ${beyond.checkpointId ?? '?'} was signed at size ${beyond.size} but the log ends at sequence ${end}`,
    };
  }
}

function problem(kind: AuditProblemKind, event: SealedAuditEvent, message: string): AuditProblem {
  return { kind, sequence: event.sequence, eventId: event.eventId, message };
}

function missing(sequence: number, after: SealedAuditEvent): AuditProblem {
  const to = after.sequence - 1;
  const which = to === sequence ? `sequence ${sequence} is` : `sequences ${sequence}..${to} are`;
  return { kind: 'deleted', sequence, message: `deleted: ${which} missing (the log jumps to sequence ${after.sequence}, event id ${after.eventId})` };
}
