/**
 * Every behavioural difference between SQLite and PostgreSQL, in one object per
 * dialect. Nothing else in src/store branches on the database: code asks the
 * quirks object instead, so adding a difference means adding a field here.
 */
import {
  sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Expression, type Kysely, type RawBuilder,
} from 'kysely';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgresql';

/** Columns of one stored metric point (NaN stored as value 0 with is_nan = 1). */
export interface MetricPointRefs {
  key: Expression<string>;
  value: Expression<number>;
  isNan: Expression<number>;
  timestamp: Expression<number>;
  step: Expression<number>;
}

export interface DialectQuirks {
  readonly name: DialectName;
  /** Column type of an auto-incrementing integer primary key (ids, event ids). */
  readonly serialType: 'integer' | 'bigserial';
  readonly serialColumn: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /**
   * serialColumn for a key that reuse could not harm: rows are never deleted (the audit
   * log) or the key is never shown (runs.seq). SQLite then assigns max + 1 without
   * AUTOINCREMENT's sqlite_sequence write, a page in every inserting transaction.
   */
  readonly appendOnlySerialColumn: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /**
   * Applied (with `$call`) to a table whose primary key is its natural key and that is
   * only ever read through that key: SQLite stores it as the primary-key b-tree alone
   * (WITHOUT ROWID) instead of a rowid table plus an index holding the same columns,
   * which halves the pages a write touches. PostgreSQL has no such choice: unchanged.
   */
  readonly naturalKeyTable: <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) => CreateTableBuilder<TB, C>;
  /**
   * How a tag table's value is indexed for equality lookups (lineage's runs by git commit,
   * `tags.k = 'v'`). A B-tree on (key, value) suits SQLite, whose index entries have no size
   * limit. A PostgreSQL B-tree entry holds at most ~2.7 kB, and tag values go to 8,000
   * characters: there a hash index on the value stores 4 bytes an entry and answers `=` / `IN`.
   */
  readonly tagValueIndex: 'key-value-btree' | 'value-hash';
  /** Statements run once on every new connection. */
  readonly connectionSetup: readonly string[];
  /** True when `error` is a unique or primary-key violation raised by this driver. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Serialises callers on `key` until the surrounding transaction ends. Must be the
   * first statement of the transaction so no snapshot is taken before the lock.
   */
  lockInTransaction(trx: Kysely<Database>, key: string): Promise<void>;
  /**
   * Appended to a SELECT of one runs row: holds it until the transaction ends against a
   * concurrent lifecycle change or key-count write of the same run. Empty on SQLite, whose
   * BEGIN IMMEDIATE already admits one writer at a time.
   */
  readonly runRowLock: RawBuilder<unknown>;
  /**
   * Lifts the server's statement timeout for the rest of the transaction: a migration may
   * wait for another process's migration lock, or rewrite a large table, for longer.
   */
  liftStatementTimeout(trx: Kysely<Database>): Promise<void>;
  /**
   * Aggregate over a FROM subquery sorted by `orderBy`: the JSON text of an array with
   * one `[...items]` array per row, in that order (NULL or '[]' over no rows). Doubles
   * round-trip exactly; ±Infinity may come as a huge number or as a string. SQLite keeps
   * a FROM subquery's order into an aggregate (select.c: it never flattens or drops that
   * ORDER BY under an aggregate, for group_concat), which costs nothing; sorting again
   * inside the aggregate would cost as much as the rest. PostgreSQL sorts in json_agg.
   */
  jsonRowsArray(items: Expression<unknown>[], orderBy: Expression<unknown>[]): RawBuilder<string | null>;
  /**
   * Aggregate over a FROM subquery of metric points already sorted (as for jsonRowsArray):
   * the JSON text of GetMetricHistory's `metrics` list, one `{"key","value","timestamp","step"}`
   * object per row, NaN and ±Infinity as proto3's strings ('[]' over no rows). Undefined
   * where the dialect leaves it to JavaScript. SQLite writes a double with 15 significant
   * digits, or 17 when 15 do not round-trip, always with a point or exponent ("1.0",
   * "1.0e-300"): the same double as JavaScript's shortest form, not the same bytes.
   */
  readonly metricPointsJson?: (point: MetricPointRefs) => RawBuilder<string>;
  /**
   * Whether a queue claim can skip rows another transaction holds (FOR UPDATE SKIP LOCKED):
   * concurrent claimers on PostgreSQL then take disjoint rows instead of queueing on the same
   * ones and coming back empty. SQLite has one writer at a time: nothing to skip.
   */
  readonly supportsSkipLocked: boolean;
  /**
   * One audit_events row as the JSON text of a SealedAuditEventWire, written by the database
   * (a million-event `strata audit verify` then builds no JavaScript object per row). Every
   * column is quoted by the database, so an edited row still gives valid JSON; a summary that
   * is not valid JSON goes out as `"summary":null,"summary_text":"<its text>"`. Undefined where
   * the dialect cannot test JSON validity cheaply (PostgreSQL < 16 has no IS JSON): JavaScript
   * writes it there.
   */
  readonly sealedEventJson?: RawBuilder<string>;
  /** A text column holding JSON, as a JSON value to nest in jsonRowsArray's items (not a string). */
  embedJson(text: Expression<string>): RawBuilder<unknown>;
  /** Aggregate: the texts joined with `separator`, a comma by default (null over no rows); in no particular order. */
  joinTexts(text: Expression<string>, separator?: string): RawBuilder<string | null>;
}

/** SQLite error codes from better-sqlite3 (extended result codes are on). */
const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
/** PostgreSQL SQLSTATE unique_violation. */
const PG_UNIQUE_VIOLATION = '23505';

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

export const sqliteQuirks: DialectQuirks = {
  name: 'sqlite',
  serialType: 'integer',
  // AUTOINCREMENT so ids of deleted rows are never reused (ids are public).
  serialColumn: (column) => column.primaryKey().autoIncrement(),
  // INTEGER PRIMARY KEY is the rowid: the largest id + 1.
  appendOnlySerialColumn: (column) => column.primaryKey(),
  naturalKeyTable: (table) => table.modifyEnd(sql`without rowid`),
  tagValueIndex: 'key-value-btree',
  connectionSetup: [
    // WAL + NORMAL: a killed process loses no committed transaction; only power loss can.
    'pragma journal_mode = WAL',
    'pragma synchronous = NORMAL',
    // NORMAL syncs only when a checkpoint copies the WAL back (two fsyncs each). The default
    // 1,000-page threshold checkpoints every few dozen write requests; 4,000 pages (16 MiB)
    // makes that cost a quarter as often and lets repeated writes of one page coalesce.
    'pragma wal_autocheckpoint = 4000',
    // 64 MiB page cache (the default is 2 MiB): a search over 100,000 runs touches more pages
    // than that on every query. The cache fills once and then stays flat.
    'pragma cache_size = -65536',
    'pragma foreign_keys = ON',
    'pragma busy_timeout = 5000',
    // The search compiler relies on LIKE being case-sensitive, as in PostgreSQL and MLflow.
    'pragma case_sensitive_like = ON',
  ],
  isUniqueViolation: (error) => SQLITE_UNIQUE_CODES.has(String(errorCode(error))),
  // Transactions on SQLite start with BEGIN IMMEDIATE (see sqlite-connection.ts), which
  // already takes the database-wide write lock: nothing finer to take.
  lockInTransaction: async () => {},
  runRowLock: sql``,
  // No statement timeout on SQLite (see create-store.ts).
  liftStatementTimeout: async () => {},
  jsonRowsArray: (items) => sql<string | null>`json_group_array(json_array(${sql.join(items)}))`,
  // 9e999 is SQLite's literal for +Infinity (its JSON would print 9.0e+999).
  metricPointsJson: (p) => sql<string>`json_group_array(json_object(
    'key', ${p.key},
    'value', case when ${p.isNan} = 1 then 'NaN' when ${p.value} = 9e999 then 'Infinity'
      when ${p.value} = -9e999 then '-Infinity' else ${p.value} end,
    'timestamp', ${p.timestamp},
    'step', ${p.step}))`,
  supportsSkipLocked: false,
  // json_quote: a JSON value for any column (a number stays a number, text is escaped, NULL is null).
  // json_valid (RFC 8259 text only, SQLite's C parser) costs a fraction of the page.
  sealedEventJson: sql<string>`'{"sequence":' || json_quote(seq) || ',"event_id":' || json_quote(event_id)
    || ',"time":' || json_quote(time) || ',"actor":' || json_quote(actor)
    || case when actor_claimed is null then '' else ',"actor_claimed":' || json_quote(actor_claimed) end
    || ',"action":' || json_quote(action) || ',"entity_type":' || json_quote(entity_type) || ',"entity_id":' || json_quote(entity_id)
    || case when json_valid(summary) then ',"summary":' || summary else ',"summary":null,"summary_text":' || json_quote(summary) end
    || ',"leaf_hash":' || json_quote(leaf_hash) || ',"chain_hash":' || json_quote(chain_hash) || '}'`,
  embedJson: (text) => sql`json(${text})`,
  joinTexts: (text, separator = ',') => sql<string | null>`group_concat(${text}, ${sql.lit(separator)})`,
};

export const postgresQuirks: DialectQuirks = {
  name: 'postgresql',
  serialType: 'bigserial',
  serialColumn: (column) => column.primaryKey(),
  appendOnlySerialColumn: (column) => column.primaryKey(),
  naturalKeyTable: (table) => table,
  tagValueIndex: 'value-hash',
  // search_path and type parsers are pool options (see postgres-connection.ts).
  connectionSetup: [],
  isUniqueViolation: (error) => errorCode(error) === PG_UNIQUE_VIOLATION,
  // NO KEY UPDATE: it still lets child inserts take their foreign-key share lock on the run.
  runRowLock: sql`for no key update`,
  lockInTransaction: async (trx, key) => {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  },
  liftStatementTimeout: async (trx) => {
    await sql`set local statement_timeout = 0`.execute(trx);
  },
  jsonRowsArray: (items, orderBy) =>
    sql<string | null>`json_agg(json_build_array(${sql.join(items)}) order by ${sql.join(orderBy)})::text`,
  supportsSkipLocked: true,
  embedJson: (text) => sql`(${text})::json`,
  joinTexts: (text, separator = ',') => sql<string | null>`string_agg(${text}, ${sql.lit(separator)})`,
};
