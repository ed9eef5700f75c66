/**
 * Checks a stream of sealed events against signed checkpoints and reports the first problem
 * precisely. Streaming: events are fed one at a time in the order they are read (sequence
 * order from the server, line order from an export), so a million events never sit in memory.
 * Only the checkpoints are trusted (their signatures are checked first); the stored leaf and
 * chain hashes are recomputed, and a mismatch names what it means.
 *
 * A long log can be checked in stretches at once (auditStretches, combineStretchReports): a
 * stretch starts from a signed checkpoint's root hash, which is as trusted as its signature, so
 * checking events after it from there is the same check the whole-log pass would make once it
 * got there; the first problem of the earliest stretch that has one is the whole log's first.
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
  /** Where a partial export (or a stretch) starts: the chain head just before its first event (default: genesis). */
  startAfter?: ChainHead;
  /**
   * Where a stretch ends: the size of a signed checkpoint. Once the event at that sequence has
   * been checked against it, `add` answers false (what follows is the next stretch's) and
   * finish() looks no further. Absent: the stream runs to the log's end.
   */
  endAt?: number;
}

/** A part of the log checked on its own: after a head (genesis or a signed checkpoint) up to a signed checkpoint, or to the end. */
export interface AuditStretch {
  startAfter: ChainHead;
  endAt?: number;
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
  private readonly endAt: number | undefined;
  /** The stretch's last event was checked against its checkpoint. */
  private complete = false;

  constructor(crypto: AuditCrypto, options: AuditVerifierOptions) {
    this.crypto = crypto;
    const head = options.startAfter ?? GENESIS_HEAD;
    this.expected = head.sequence + 1;
    this.previous = head.chainHash;
    this.lastCheckpointSize = head.sequence;
    this.endAt = options.endAt;
    // Checkpoints at or before the start cover events this stream does not hold: not checkable here.
    this.checkpoints = [...options.checkpoints].filter((c) => c.size > head.sequence).sort((a, b) => a.size - b.size);
    this.problem = badCheckpointSignature(crypto, this.checkpoints, options.publicKeyPem);
  }

  /** Feeds the next event; false once a problem is found or the stretch is complete (later events are ignored). */
  add(event: SealedAuditEvent): boolean {
    if (this.problem || this.complete) return false;
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
    if (this.problem) return false;
    // A gap is never pending here: an event is only checked at the sequence expected.
    if (this.endAt !== undefined && event.sequence >= this.endAt) this.complete = true;
    return !this.complete;
  }

  finish(): AuditVerifyReport {
    if (!this.problem && this.gap) this.problem = missing(this.expected, this.gap);
    if (!this.problem && !this.complete) this.problem = this.findCheckpointBeyondEnd();
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

/** The first checkpoint (by size) not signed by the key, as the problem verify reports: checked before any event is read. */
export function badCheckpointSignature(crypto: AuditCrypto, checkpoints: readonly AuditCheckpoint[], publicKeyPem: string): AuditProblem | undefined {
  const bad = [...checkpoints].sort((a, b) => a.size - b.size).find((c) => !checkpointSignatureValid(crypto, c, publicKeyPem));
  if (!bad) return undefined;
  return {
    kind: 'bad-signature',
    checkpointId: bad.checkpointId,
    message: `bad checkpoint signature: checkpoint ${bad.checkpointId ?? '?'} (size ${bad.size}, key ${bad.keyId}) is not signed by the given public key`,
  };
}

/**
 * Cuts the log after `startAfter` into at most `parts` stretches of about equal size, at
 * signed checkpoints (whose signatures the caller has checked: a stretch starts from one's
 * root hash). The last stretch runs to the log's end, however long it is past the last
 * checkpoint. Fewer parts when there are fewer checkpoints to cut at.
 */
export function auditStretches(checkpoints: readonly AuditCheckpoint[], parts: number, startAfter: ChainHead = GENESIS_HEAD): AuditStretch[] {
  const sizes = [...checkpoints].filter((c) => c.size > startAfter.sequence).sort((a, b) => a.size - b.size);
  const last = sizes.at(-1);
  if (!last || parts <= 1) return [{ startAfter }];
  const stretches: AuditStretch[] = [];
  let head = startAfter;
  for (let part = 1; part < parts; part += 1) {
    const target = startAfter.sequence + ((last.size - startAfter.sequence) * part) / parts;
    // The checkpoint nearest the target, past the current head.
    let cut: AuditCheckpoint | undefined;
    for (const c of sizes) {
      if (c.size <= head.sequence) continue;
      if (!cut || Math.abs(c.size - target) < Math.abs(cut.size - target)) cut = c;
    }
    if (!cut || cut.size >= last.size) break;
    stretches.push({ startAfter: head, endAt: cut.size });
    head = { sequence: cut.size, chainHash: cut.rootHash };
  }
  stretches.push({ startAfter: head });
  return stretches;
}

/**
 * The whole log's report from its stretches' (in order): every stretch before the first that
 * found a problem ended exactly at its checkpoint with the checkpoint's root hash, which is
 * where the next one started, so the whole-log pass would have found that same problem first.
 */
export function combineStretchReports(reports: readonly AuditVerifyReport[]): AuditVerifyReport {
  let events = 0;
  let checkpointsVerified = 0;
  let firstSequence: number | undefined;
  let lastSequence: number | undefined;
  for (const report of reports) {
    events += report.events;
    checkpointsVerified += report.checkpointsVerified;
    firstSequence ??= report.firstSequence;
    lastSequence = report.lastSequence ?? lastSequence;
    if (!report.ok || report === reports.at(-1)) {
      return {
        ok: report.ok,
        ...(report.problem ? { problem: report.problem } : {}),
        events,
        ...(firstSequence !== undefined && lastSequence !== undefined ? { firstSequence, lastSequence } : {}),
        checkpointsVerified,
        eventsAfterLastCheckpoint: report.eventsAfterLastCheckpoint,
      };
    }
  }
  return { ok: true, events: 0, checkpointsVerified: 0, eventsAfterLastCheckpoint: 0 };
}

function problem(kind: AuditProblemKind, event: SealedAuditEvent, message: string): AuditProblem {
  return { kind, sequence: event.sequence, eventId: event.eventId, message };
}

function missing(sequence: number, after: SealedAuditEvent): AuditProblem {
  const to = after.sequence - 1;
  const which = to === sequence ? `sequence ${sequence} is` : `sequences ${sequence}..${to} are`;
  return { kind: 'deleted', sequence, message: `deleted: ${which} missing (the log jumps to sequence ${after.sequence}, event id ${after.eventId})` };
}
