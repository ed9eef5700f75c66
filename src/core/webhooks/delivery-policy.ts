/**
 * The rules of webhook delivery, as pure functions: what counts as delivered, when to
 * try again (exponential backoff with jitter), when to give up. The dispatcher (server)
 * does the I/O and asks these what to do next.
 */
import type { AttemptOutcome } from './webhook-entities.js';

export interface DeliveryPolicy {
  /** Attempts before a delivery is marked failed (the first one included). */
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt: a receiver slower than this has failed the attempt. */
  timeoutMs: number;
  /**
   * How much of a receiver's response body is kept in the delivery log and returned by the
   * test call: a short excerpt, because the answer of a receiver the caller chose is
   * otherwise a way to read whatever that receiver returns.
   */
  maxResponseChars: number;
}

/** 8 attempts over about 10 minutes: 5 s, 10 s, 20 s … capped at 15 min, each with jitter. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  timeoutMs: 10_000,
  maxResponseChars: 256,
};

/** What one attempt came to: a response (any status) or an error before one arrived. */
export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

export type AttemptDecision = { outcome: Exclude<AttemptOutcome, 'retry'> } | { outcome: 'retry'; nextAttemptAt: number };

export function isDelivered(result: AttemptResult): boolean {
  return result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
}

/**
 * The wait before attempt `attempt + 1`: base × 2^(attempt-1), capped, then "equal
 * jitter" (half fixed, half random) so receivers that come back are not hit in lockstep.
 */
export function retryDelayMs(policy: DeliveryPolicy, attempt: number, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Any 2xx delivers; anything else (other status, timeout, refused) is retried until attempts run out. */
export function decideAttempt(
  policy: DeliveryPolicy,
  attempt: number,
  result: AttemptResult,
  now: number,
  random: () => number,
): AttemptDecision {
  if (isDelivered(result)) return { outcome: 'succeeded' };
  if (attempt >= policy.maxAttempts) return { outcome: 'failed' };
  return { outcome: 'retry', nextAttemptAt: now + retryDelayMs(policy, attempt, random) };
}

/** How long a claim holds a delivery: the attempt's timeout plus a margin for recording it. */
export function claimLeaseMs(policy: DeliveryPolicy): number {
  return policy.timeoutMs + 30_000;
}

export const RESPONSE_TRUNCATED_MARK = '… (truncated)';

/**
 * The first `maxChars` characters of a response, marked when there was more (`hasMore`: the
 * sender stopped reading before the end). Applying it again to an excerpt changes nothing,
 * so the dispatcher and the test call can cap whatever a sender returned.
 */
export function responseExcerpt(text: string, maxChars: number, hasMore = false): string {
  if (text.length <= maxChars && !hasMore) return text;
  return `${text.slice(0, maxChars)}${RESPONSE_TRUNCATED_MARK}`;
}
