/**
 * When the metric buffer's deferred flush fires. A port so tests move time by hand instead of
 * sleeping (test/helpers/manual-flush-timer.ts); the SDK uses the real clock.
 */
export interface FlushTimer {
  /** Calls `run` once, `delayMs` from now; returns a function that cancels the call. */
  schedule(run: () => void, delayMs: number): () => void;
}

export const realFlushTimer: FlushTimer = {
  schedule(run, delayMs) {
    const handle = setTimeout(run, delayMs);
    // The beforeExit hook flushes at exit; a pending timer need not keep the process alive.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
