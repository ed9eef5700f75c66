/**
 * Slows brute force: after `maxFailures` failed sign-ins within `windowMs` for one key (a user
 * name, a client address), further attempts for that key are refused until the oldest failure
 * leaves the window. In memory, per replica: N replicas allow N times the attempts, which still
 * turns a password guessing run from millions per hour into a few hundred.
 */
export interface AttemptLimits {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { maxFailures: 10, windowMs: 60_000 };

/** Beyond this many tracked keys the oldest are forgotten, so the limiter's memory stays bounded. */
const MAX_KEYS = 100_000;

export class FailedAttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: AttemptLimits, private readonly now: () => number = Date.now) {}

  /** How long until `key` may try again: 0 when it may now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limits.maxFailures) return 0;
    const oldest = recent[recent.length - this.limits.maxFailures] ?? this.now();
    return Math.max(1, oldest + this.limits.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key);
    if (this.failures.size >= MAX_KEYS) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(key, recent.slice(-this.limits.maxFailures));
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((time) => time > since);
  }
}
