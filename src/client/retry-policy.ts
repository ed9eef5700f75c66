/**
 * When and how long the SDK waits before sending a request again.
 *
 * Only transient failures are retried: network errors, 429, 502, 503, 504. Whether a
 * request may be sent twice depends on what the server does with a duplicate:
 *  - reads, updates, deletes, tag/param writes and log-batch/log-metric are idempotent on
 *    the server (an identical metric point is stored once), so any transient failure is
 *    retried;
 *  - creates (experiments/create, runs/create) are not: if the request reached the server
 *    and only the answer was lost, a retry would make a second run or fail with
 *    RESOURCE_ALREADY_EXISTS. They are retried only when the failure proves the server
 *    did not act: the connection was refused, or the server answered 429 or 503.
 */

export interface RetryOptions {
  /** Total tries, the first included. 1 disables retries. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type RequestSafety = 'idempotent' | 'create';

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** The server answered without acting on the request. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
/** Socket errors that happen before a request is sent. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

export function shouldRetryStatus(status: number, safety: RequestSafety): boolean {
  return safety === 'idempotent' ? RETRYABLE_STATUSES.has(status) : NOT_PROCESSED_STATUSES.has(status);
}

export function shouldRetryNetworkError(error: unknown, safety: RequestSafety): boolean {
  return safety === 'idempotent' || NOT_SENT_ERROR_CODES.has(networkErrorCode(error) ?? '');
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * clients that failed together do not retry together, yet each still backs off.
 */
export function backoffDelayMs(retry: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A server's Retry-After (seconds form) in milliseconds, capped so a bad header cannot stall us. */
export function retryAfterMs(header: string | null, capMs: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, capMs) : undefined;
}

/** undici puts the socket error code on `cause` of its "fetch failed" TypeError. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
