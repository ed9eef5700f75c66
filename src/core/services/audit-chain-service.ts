/**
 * The tamper-evident side of the audit log (docs/audit-chain.md): sealing committed events
 * into the hash chain, signing checkpoints, reading the chain in sequence order, and checking
 * it. Every server process runs the sealer (server/audit/audit-sealer-loop.ts); the ledger's
 * lock lets them take turns.
 */
import { sealEvents, type ChainHead, type StoredSealedAuditEvent } from '../audit/audit-chain.js';
import { signCheckpoint, type AuditCheckpoint } from '../audit/audit-checkpoint.js';
import { AuditChainVerifier, type AuditVerifyReport } from '../audit/audit-verifier.js';
import { invalidParameter, StrataError } from '../errors.js';
import type { AuditCrypto, AuditSigner } from '../ports/audit-crypto.js';
import type { AuditLedger } from '../ports/audit-ledger.js';
import type { Clock } from '../ports/clock.js';

/** Events sealed per transaction: short transactions, so the lock is never held long. */
export const SEAL_BATCH_SIZE = 2000;
export const AUDIT_CHAIN_MAX_RESULTS_DEFAULT = 1000;
export const AUDIT_CHAIN_MAX_RESULTS_THRESHOLD = 10_000;
/** Pages the server-side verify reads the chain in. */
const VERIFY_PAGE_SIZE = 5000;

export interface AuditChainDeps {
  ledger: AuditLedger;
  crypto: AuditCrypto;
  signer: AuditSigner;
  clock: Clock;
}

export type AuditChainPage = ({
  /** Summaries as stored JSON text: they are passed on, never interpreted, on this path. */
  events: StoredSealedAuditEvent[];
} | {
  /** The events' JSON texts joined with commas, as UTF-8, written by the database (the dialects that can). */
  eventsJson: Uint8Array;
}) & {
  /** Committed events not sealed yet: they get the next sequences within a seal interval. */
  pendingEvents: number;
};

export interface AuditChainQuery {
  afterSequence?: number;
  /** Start at the first event at or after this time instead (ms since the epoch). */
  since?: number;
  maxResults?: number;
}

export interface ServerVerifyReport extends AuditVerifyReport {
  pendingEvents: number;
}

export class AuditChainService {
  constructor(private readonly deps: AuditChainDeps) {}

  /** Seals every committed event not sealed yet; returns how many. */
  async sealAll(): Promise<number> {
    const { ledger, crypto } = this.deps;
    let total = 0;
    for (;;) {
      const sealed = await ledger.sealPending((head, events) => sealEvents(crypto, head, events), SEAL_BATCH_SIZE);
      total += sealed;
      if (sealed < SEAL_BATCH_SIZE) return total;
    }
  }

  /** On demand: seals what is committed, then signs the head (or returns the checkpoint already signed at it). */
  async checkpoint(): Promise<AuditCheckpoint> {
    await this.sealAll();
    const head = await this.deps.ledger.chainHead();
    // 409, not INVALID_STATE's usual 500: nothing is wrong with the server, there is just nothing to sign yet.
    if (head.sequence === 0) throw new StrataError('INVALID_STATE', 'The audit log has no events to checkpoint yet.', 409);
    return this.signHead(head);
  }

  /** Periodic: a checkpoint only when events were sealed since the last one. */
  async checkpointIfNew(): Promise<AuditCheckpoint | undefined> {
    const [head, latest] = await Promise.all([this.deps.ledger.chainHead(), this.deps.ledger.latestCheckpoint()]);
    if (head.sequence === 0 || (latest !== undefined && latest.size >= head.sequence)) return undefined;
    return this.signHead(head);
  }

  private signHead(head: ChainHead): Promise<AuditCheckpoint> {
    const checkpoint = signCheckpoint(this.deps.signer, { size: head.sequence, rootHash: head.chainHash }, this.deps.clock.now());
    return this.deps.ledger.insertCheckpoint(checkpoint);
  }

  publicKey(): { pem: string; keyId: string } {
    return { pem: this.deps.signer.publicKeyPem, keyId: this.deps.signer.keyId };
  }

  async listChain(query: AuditChainQuery): Promise<AuditChainPage> {
    const maxResults = checkedMaxResults(query.maxResults);
    const afterSequence = query.since === undefined ? (query.afterSequence ?? 0) : await this.sequenceBeforeTime(query.since);
    if (!Number.isInteger(afterSequence) || afterSequence < 0) throw invalidParameter('after_sequence must be a whole number >= 0.');
    const { ledger } = this.deps;
    const [eventsJson, pendingEvents] = await Promise.all([ledger.listSealedJson(afterSequence, maxResults), ledger.countUnsealed()]);
    if (eventsJson !== undefined) return { eventsJson, pendingEvents };
    return { events: await ledger.listSealedStored(afterSequence, maxResults), pendingEvents };
  }

  private async sequenceBeforeTime(since: number): Promise<number> {
    const first = await this.deps.ledger.firstSequenceSince(since);
    return first === undefined ? (await this.deps.ledger.chainHead()).sequence : first - 1;
  }

  listCheckpoints(afterSize = 0, maxResults?: number): Promise<AuditCheckpoint[]> {
    return this.deps.ledger.listCheckpoints(afterSize, checkedMaxResults(maxResults));
  }

  /** Checks the whole chain as `strata audit verify` does, reading it page by page. */
  async verify(): Promise<ServerVerifyReport> {
    const { ledger, crypto, signer } = this.deps;
    const checkpoints = await allCheckpoints(ledger);
    const verifier = new AuditChainVerifier(crypto, { publicKeyPem: signer.publicKeyPem, checkpoints });
    let after = 0;
    for (;;) {
      const page = await ledger.listSealed(after, VERIFY_PAGE_SIZE);
      if (!page.every((event) => verifier.add(event)) || page.length < VERIFY_PAGE_SIZE) break;
      after = page[page.length - 1]!.sequence;
    }
    return { ...verifier.finish(), pendingEvents: await ledger.countUnsealed() };
  }
}

async function allCheckpoints(ledger: AuditLedger): Promise<AuditCheckpoint[]> {
  const all: AuditCheckpoint[] = [];
  for (;;) {
    const page = await ledger.listCheckpoints(all.at(-1)?.size ?? 0, AUDIT_CHAIN_MAX_RESULTS_THRESHOLD);
    all.push(...page);
    if (page.length < AUDIT_CHAIN_MAX_RESULTS_THRESHOLD) return all;
  }
}

function checkedMaxResults(maxResults: number | undefined): number {
  const value = maxResults ?? AUDIT_CHAIN_MAX_RESULTS_DEFAULT;
  if (!Number.isInteger(value) || value < 1 || value > AUDIT_CHAIN_MAX_RESULTS_THRESHOLD) {
    throw invalidParameter(`max_results must be between 1 and ${AUDIT_CHAIN_MAX_RESULTS_THRESHOLD}.`);
  }
  return value;
}
