/**
 * Ties a caller's AbortSignal to the queries a store method runs, without threading it
 * through every query helper: the method runs its queries inside `withQuerySignal`, and
 * the PostgreSQL pool (postgres-pool.ts) finds the signal of the query it is sending and
 * cancels that backend's statement when the signal fires. SQLite runs each statement
 * synchronously on this thread, so nothing can interrupt it (better-sqlite3 exposes neither
 * sqlite3_interrupt nor a progress handler); there the signal only stops a query that has
 * not started.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { StrataError } from '../core/errors.js';

const querySignal = new AsyncLocalStorage<AbortSignal>();

/** What a canceled read throws; nobody reads it (the client is gone), but logs and tests do. */
export function queryCanceledByClient(): StrataError {
  // 499: nginx's "client closed request", as MLflow maps its CANCELLED code.
  return new StrataError('BAD_REQUEST', 'The client went away; its query was canceled.', 499);
}

export function withQuerySignal<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  if (signal === undefined) return run();
  if (signal.aborted) return Promise.reject(queryCanceledByClient());
  return querySignal.run(signal, run);
}

/** The signal of the store call this query belongs to, if it has one. */
export function currentQuerySignal(): AbortSignal | undefined {
  return querySignal.getStore();
}
