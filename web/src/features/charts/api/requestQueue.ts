// A page-wide limit on requests in flight, in the order they were asked, where a queued request
// whose caller gave up (its AbortSignal fired) leaves the queue without ever being sent.

export interface RequestQueue {
  /** Runs `request` once fewer than the limit are running; rejects with the signal's reason if it aborts while queued. */
  inTurn<T>(signal: AbortSignal, request: () => Promise<T>): Promise<T>;
  /** Requests waiting for a slot (for tests). */
  readonly waiting: number;
}

export function createRequestQueue(maxInFlight: number): RequestQueue {
  let inFlight = 0;
  const waiting: Array<() => void> = [];

  const takeSlot = (signal: AbortSignal): Promise<void> => {
    signal.throwIfAborted();
    if (inFlight < maxInFlight) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const granted = () => {
        signal.removeEventListener('abort', aborted);
        resolve();
      };
      const aborted = () => {
        waiting.splice(waiting.indexOf(granted), 1);
        reject(signal.reason);
      };
      waiting.push(granted);
      signal.addEventListener('abort', aborted, { once: true });
    });
  };

  // The slot passes to the next waiting request, or is freed.
  const releaseSlot = () => {
    const next = waiting.shift();
    if (next === undefined) inFlight--;
    else next();
  };

  return {
    async inTurn(signal, request) {
      await takeSlot(signal);
      try {
        return await request();
      } finally {
        releaseSlot();
      }
    },
    get waiting() {
      return waiting.length;
    },
  };
}
