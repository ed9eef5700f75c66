/**
 * The AuditLedger on SQLite or PostgreSQL. Sealing is one transaction that first takes the
 * dialect's lock (PostgreSQL: a transaction-scoped advisory lock; SQLite: its one writer), so
 * sealers on several replicas take turns; each re-reads the chain head after the lock, and the
 * unique index on seq would refuse a second claim of a place anyway.
 */
import type { Kysely } from 'kysely';
import type { ChainHead, SealedAuditEvent, StoredSealedAuditEvent } from '../core/audit/audit-chain.js';
import type { AuditCheckpoint } from '../core/audit/audit-checkpoint.js';
import type { AuditLedger, SealFunction } from '../core/ports/audit-ledger.js';
import * as chain from './audit-chain-queries.js';
import type { DialectQuirks } from './dialect-quirks.js';
import type { Database } from './schema.js';

const SEALER_LOCK_KEY = 'strata_audit_sealer';

export class SqlAuditLedger implements AuditLedger {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  sealPending(seal: SealFunction, limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await this.quirks.lockInTransaction(trx, SEALER_LOCK_KEY);
      const events = await chain.listUnsealed(trx, limit);
      if (events.length === 0) return 0;
      await chain.applySeal(trx, seal(await chain.chainHead(trx), events));
      return events.length;
    });
  }

  chainHead(): Promise<ChainHead> {
    return chain.chainHead(this.db);
  }
  headBefore(sequence: number): Promise<ChainHead | undefined> {
    return chain.headBefore(this.db, sequence);
  }
  countUnsealed(): Promise<number> {
    return chain.countUnsealed(this.db);
  }
  listSealed(afterSequence: number, limit: number): Promise<SealedAuditEvent[]> {
    return chain.listSealed(this.db, afterSequence, limit);
  }
  listSealedStored(afterSequence: number, limit: number): Promise<StoredSealedAuditEvent[]> {
    return chain.listSealedStored(this.db, afterSequence, limit);
  }
  listSealedJson(afterSequence: number, limit: number): Promise<Uint8Array | undefined> {
    return chain.listSealedJson(this.db, this.quirks, afterSequence, limit);
  }
  firstSequenceSince(time: number): Promise<number | undefined> {
    return chain.firstSequenceSince(this.db, time);
  }
  lastSequenceBefore(time: number): Promise<number | undefined> {
    return chain.lastSequenceBefore(this.db, time);
  }
  insertCheckpoint(checkpoint: AuditCheckpoint): Promise<AuditCheckpoint> {
    return chain.insertCheckpoint(this.db, checkpoint);
  }
  latestCheckpoint(): Promise<AuditCheckpoint | undefined> {
    return chain.latestCheckpoint(this.db);
  }
  listCheckpoints(afterSize: number, limit: number): Promise<AuditCheckpoint[]> {
    return chain.listCheckpoints(this.db, afterSize, limit);
  }
  checkpointCovering(size: number): Promise<AuditCheckpoint | undefined> {
    return chain.checkpointCovering(this.db, size);
  }
}
