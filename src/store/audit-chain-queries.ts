/** The audit chain's statements: sealing unsealed events, reading the chain in sequence order, checkpoints. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { GENESIS_HEAD, type ChainHead, type SealAssignment, type SealedAuditEvent, type StoredSealedAuditEvent } from '../core/audit/audit-chain.js';
import type { AuditCheckpoint } from '../core/audit/audit-checkpoint.js';
import type { UnsealedAuditEvent } from '../core/ports/audit-ledger.js';
import { chunked } from './chunked.js';
import type { DialectQuirks } from './dialect-quirks.js';
import type { AuditCheckpointsTable, AuditEventsTable, Database } from './schema.js';

type Db = Kysely<Database>;

/** Rows per UPDATE … FROM (VALUES …): 4 parameters each, well under both databases' limits. */
const SEAL_ROWS_PER_STATEMENT = 500;

export async function chainHead(db: Db): Promise<ChainHead> {
  const row = await db.selectFrom('audit_events').select(['seq', 'chain_hash']).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.seq != null && row.chain_hash !== null ? { sequence: Number(row.seq), chainHash: row.chain_hash } : GENESIS_HEAD;
}

export async function headBefore(db: Db, sequence: number): Promise<ChainHead | undefined> {
  if (sequence <= 1) return GENESIS_HEAD;
  const row = await db.selectFrom('audit_events').select(['seq', 'chain_hash']).where('seq', '=', sequence - 1).executeTakeFirst();
  return row?.chain_hash ? { sequence: sequence - 1, chainHash: row.chain_hash } : undefined;
}

export async function listUnsealed(db: Db, limit: number): Promise<UnsealedAuditEvent[]> {
  const rows = await db.selectFrom('audit_events')
    .select(['event_id', 'time', 'actor', 'actor_claimed', 'action', 'entity_type', 'entity_id', 'summary'])
    .where('seq', 'is', null).orderBy('event_id').limit(limit).execute();
  return rows.map((row) => ({
    eventId: Number(row.event_id),
    time: Number(row.time),
    actor: row.actor,
    ...(row.actor_claimed === null ? {} : { actorClaimed: row.actor_claimed }),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
  }));
}

/** Writes the assignments; throws (rolling the seal back) if any row was no longer unsealed. */
export async function applySeal(db: Db, assignments: readonly SealAssignment[]): Promise<void> {
  for (const part of chunked(assignments, SEAL_ROWS_PER_STATEMENT)) {
    // VALUES columns are column1… in both databases; the casts type PostgreSQL's text parameters.
    const values = sql.join(part.map((a) => sql`(cast(${a.eventId} as bigint), cast(${a.sequence} as bigint), ${a.leafHash}, ${a.chainHash})`));
    const result = await sql`UPDATE audit_events SET seq = v.column2, leaf_hash = v.column3, chain_hash = v.column4
      FROM (VALUES ${values}) AS v WHERE audit_events.event_id = v.column1 AND audit_events.seq IS NULL`.execute(db);
    if (Number(result.numAffectedRows ?? 0) !== part.length) throw new Error('audit sealing lost a race: rolled back, retried on the next pass');
  }
}

export async function countUnsealed(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listSealed(db: Db, afterSequence: number, limit: number): Promise<SealedAuditEvent[]> {
  // Built straight from the row (not from listSealedStored's objects): a million-event verify reads this.
  return (await sealedRows(db, afterSequence, limit)).map((row) => {
    let summary: Record<string, unknown> = {};
    let unreadableSummary: string | undefined;
    try {
      summary = JSON.parse(row.summary) as Record<string, unknown>;
    } catch {
      // Not JSON (an edited row): the verifier's to report, not a failed read.
      unreadableSummary = row.summary;
    }
    const event: SealedAuditEvent = {
      sequence: Number(row.seq),
      eventId: Number(row.event_id),
      time: Number(row.time),
      actor: row.actor,
      ...(row.actor_claimed === null ? {} : { actorClaimed: row.actor_claimed }),
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      summary,
      leafHash: row.leaf_hash ?? '',
      chainHash: row.chain_hash ?? '',
    };
    if (unreadableSummary !== undefined) event.unreadableSummary = unreadableSummary;
    return event;
  });
}

export async function listSealedStored(db: Db, afterSequence: number, limit: number): Promise<StoredSealedAuditEvent[]> {
  return (await sealedRows(db, afterSequence, limit)).map(toStoredEvent);
}

/**
 * listSealedStored's page as the UTF-8 bytes of its events' JSON texts joined with commas (no
 * brackets), written by the database; undefined where the dialect leaves that to JavaScript
 * (dialect-quirks.ts). SQLite keeps the FROM subquery's order into group_concat (see
 * jsonRowsArray). As a blob, better-sqlite3 hands over the bytes: a page (~34 MB for 10,000
 * events) is neither decoded into a string nor encoded back for the response.
 */
export async function listSealedJson(db: Db, quirks: DialectQuirks, afterSequence: number, limit: number): Promise<Uint8Array | undefined> {
  if (!quirks.sealedEventJson) return undefined;
  const page = db.selectFrom('audit_events').select(quirks.sealedEventJson.as('j')).where('seq', '>', afterSequence).orderBy('seq').limit(limit);
  // Only SQLite has sealedEventJson (PostgreSQL would need bytea here).
  const joined = sql<Uint8Array | null>`cast(${quirks.joinTexts(sql.ref('p.j'))} as blob)`;
  const row = await db.selectFrom(page.as('p')).select(joined.as('events')).executeTakeFirst();
  return row?.events ?? new Uint8Array(0);
}

function sealedRows(db: Db, afterSequence: number, limit: number): Promise<Array<Selectable<AuditEventsTable>>> {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSequence).orderBy('seq').limit(limit).execute();
}

function toStoredEvent(row: Selectable<AuditEventsTable>): StoredSealedAuditEvent {
  return {
    sequence: Number(row.seq),
    eventId: Number(row.event_id),
    time: Number(row.time),
    actor: row.actor,
    ...(row.actor_claimed === null ? {} : { actorClaimed: row.actor_claimed }),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summaryJson: row.summary,
    leafHash: row.leaf_hash ?? '',
    chainHash: row.chain_hash ?? '',
  };
}

export async function firstSequenceSince(db: Db, time: number): Promise<number | undefined> {
  const row = await db.selectFrom('audit_events').select((eb) => eb.fn.min('seq').as('s')).where('seq', 'is not', null).where('time', '>=', time).executeTakeFirst();
  return row?.s == null ? undefined : Number(row.s);
}

export async function lastSequenceBefore(db: Db, time: number): Promise<number | undefined> {
  const row = await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('s')).where('seq', 'is not', null).where('time', '<', time).executeTakeFirst();
  return row?.s == null ? undefined : Number(row.s);
}

export async function insertCheckpoint(db: Db, checkpoint: AuditCheckpoint): Promise<AuditCheckpoint> {
  await db.insertInto('audit_checkpoints')
    .values({ size: checkpoint.size, root_hash: checkpoint.rootHash, time: checkpoint.time, key_id: checkpoint.keyId, signature: checkpoint.signature })
    .onConflict((oc) => oc.column('size').doNothing())
    .execute();
  const stored = await db.selectFrom('audit_checkpoints').selectAll().where('size', '=', checkpoint.size).executeTakeFirstOrThrow();
  return toCheckpoint(stored);
}

export async function latestCheckpoint(db: Db): Promise<AuditCheckpoint | undefined> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
  return row && toCheckpoint(row);
}

export async function listCheckpoints(db: Db, afterSize: number, limit: number): Promise<AuditCheckpoint[]> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().where('size', '>', afterSize).orderBy('size').limit(limit).execute();
  return rows.map(toCheckpoint);
}

export async function checkpointCovering(db: Db, size: number): Promise<AuditCheckpoint | undefined> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().where('size', '>=', size).orderBy('size').limit(1).executeTakeFirst();
  return row && toCheckpoint(row);
}

function toCheckpoint(row: Selectable<AuditCheckpointsTable>): AuditCheckpoint {
  return {
    checkpointId: Number(row.checkpoint_id),
    size: Number(row.size),
    rootHash: row.root_hash,
    time: Number(row.time),
    keyId: row.key_id,
    signature: row.signature,
  };
}
