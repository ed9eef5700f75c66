/**
 * The pg pool as Kysely sees it, with two additions. A query sent on behalf of a store call
 * that carries an AbortSignal (query-signal.ts) is canceled on the server when the signal
 * fires, through pg_cancel_backend on a separate one-connection pool (the main one may be
 * the thing that is exhausted). And PostgreSQL's query_canceled error (57014: the
 * statement timeout, or that cancel) becomes a StrataError that says which it was.
 */
import pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { StrataError } from '../core/errors.js';
import { currentQuerySignal, queryCanceledByClient } from './query-signal.js';

/** SQLSTATE query_canceled. */
const QUERY_CANCELED = '57014';
/** The cancel pool's one connection closes after this long unused: cancels are rare. */
const CANCEL_CONNECTION_IDLE_MS = 10_000;

export function statementTimedOut(statementTimeoutMs: number): StrataError {
  return new StrataError(
    'TEMPORARILY_UNAVAILABLE',
    `The query ran longer than the server's statement timeout (${statementTimeoutMs} ms) and was canceled. ` +
      'Narrow the filter or ask for fewer results; if the database is only busy, try again later.',
  );
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function translateQueryError(error: unknown, signal: AbortSignal | undefined, statementTimeoutMs: number): unknown {
  if (errorCode(error) !== QUERY_CANCELED) return error;
  if (signal?.aborted) return queryCanceledByClient();
  if (error instanceof Error && /statement timeout/i.test(error.message)) return statementTimedOut(statementTimeoutMs);
  return new StrataError('TEMPORARILY_UNAVAILABLE', 'The database canceled the query (an administrator or a shutdown); try again.');
}

/** pg sets processID from the server's BackendKeyData; @types/pg does not declare it. */
type PgClientWithPid = pg.PoolClient & { processID?: number | null };

class CancellableClient implements PostgresPoolClient {
  /** A cancel on its way to the server: the connection goes back to the pool only after it. */
  #pendingCancel: Promise<void> | undefined;

  constructor(
    private readonly client: PgClientWithPid,
    private readonly cancelBackend: (pid: number) => Promise<void>,
    private readonly statementTimeoutMs: number,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sql: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Kysely passes a cursor only for streamed queries, which need a `cursor` dialect option we do not set.
    if (typeof sql !== 'string') throw new Error('Streaming queries are not supported by this pool');
    return this.#run<R>(sql, parameters ?? []);
  }

  async #run<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const signal = currentQuerySignal();
    const stopWatching = signal !== undefined && !signal.aborted ? this.#cancelOnAbort(signal) : undefined;
    try {
      return (await this.client.query(sql, [...parameters])) as unknown as PostgresQueryResult<R>;
    } catch (error) {
      throw translateQueryError(error, signal, this.statementTimeoutMs);
    } finally {
      stopWatching?.();
    }
  }

  #cancelOnAbort(signal: AbortSignal): () => void {
    const onAbort = () => {
      const pid = this.client.processID;
      if (typeof pid === 'number') this.#pendingCancel = this.cancelBackend(pid).catch(() => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }

  release(destroy?: boolean): void {
    const pending = this.#pendingCancel;
    this.#pendingCancel = undefined;
    // Released at once, a cancel still on its way could hit the next query on this connection.
    if (pending) void pending.then(() => this.client.release(destroy));
    else this.client.release(destroy);
  }
}

export class CancellablePool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #config: pg.PoolConfig;
  readonly #statementTimeoutMs: number;
  /** Kysely keeps one connection object per client it is given: hand it the same wrapper each time. */
  readonly #clients = new WeakMap<pg.PoolClient, CancellableClient>();
  #cancelPool: pg.Pool | undefined;

  constructor(config: pg.PoolConfig, statementTimeoutMs: number) {
    this.#config = config;
    this.#statementTimeoutMs = statementTimeoutMs;
    this.#pool = new pg.Pool(config);
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#pool.connect();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      wrapped = new CancellableClient(client, (pid) => this.#cancelBackend(pid), this.#statementTimeoutMs);
      this.#clients.set(client, wrapped);
    }
    return wrapped;
  }

  async #cancelBackend(pid: number): Promise<void> {
    this.#cancelPool ??= new pg.Pool({ ...this.#config, max: 1, idleTimeoutMillis: CANCEL_CONNECTION_IDLE_MS, allowExitOnIdle: true });
    await this.#cancelPool.query('select pg_cancel_backend($1)', [pid]);
  }

  /** ", 10 of 10 connections busy, 3 waiting": what a health report adds when the database is slow to answer. */
  describeLoad(): string {
    const max = this.#pool.options.max;
    const busy = this.#pool.totalCount - this.#pool.idleCount;
    return `, ${busy} of ${max} connections busy, ${this.#pool.waitingCount} waiting`;
  }

  async end(): Promise<void> {
    await Promise.all([this.#pool.end(), this.#cancelPool?.end()]);
  }
}
