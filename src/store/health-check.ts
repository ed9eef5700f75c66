/**
 * The store's answer to "can a query run now?", for /health: `select 1` through the same
 * pool the requests use, so a pool whose connections are all held (long queries, a leak)
 * reports itself instead of answering OK while every request waits.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Undefined when healthy, else a short reason. */
export type HealthCheck = (timeoutMs: number) => Promise<string | undefined>;

const TIMED_OUT = Symbol('timed out');

async function selectOne(db: Kysely<Database>): Promise<string | undefined> {
  try {
    await sql`select 1`.execute(db);
    return undefined;
  } catch (error) {
    // The code only (ECONNREFUSED, 57P03…): /health answers any host, so no addresses or names.
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    return `database query failed${typeof code === 'string' ? ` (${code})` : ''}`;
  }
}

function delay(ms: number): { done: Promise<typeof TIMED_OUT>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  return { done, cancel: () => clearTimeout(timer) };
}

/**
 * One probe at a time: while one waits for a connection, later checks wait on the same
 * one, so a starved pool gets one extra waiter rather than one per /health call.
 */
export function queryHealthCheck(db: Kysely<Database>, describeLoad: () => string = () => ''): HealthCheck {
  let probe: Promise<string | undefined> | undefined;
  return async (timeoutMs) => {
    probe ??= selectOne(db).finally(() => (probe = undefined));
    const deadline = delay(timeoutMs);
    try {
      const outcome = await Promise.race([probe, deadline.done]);
      return outcome === TIMED_OUT ? `the database did not answer within ${timeoutMs} ms${describeLoad()}` : outcome;
    } finally {
      deadline.cancel();
    }
  };
}
