/** A FlushTimer moved by hand: nothing fires until `advance` reaches it, so tests never sleep. */
import type { FlushTimer } from '../../src/client/flush-timer.js';

interface Scheduled {
  at: number;
  run: () => void;
}

export class ManualFlushTimer implements FlushTimer {
  private now = 0;
  private scheduled: Scheduled[] = [];

  schedule(run: () => void, delayMs: number): () => void {
    const entry = { at: this.now + delayMs, run };
    this.scheduled.push(entry);
    return () => {
      this.scheduled = this.scheduled.filter((e) => e !== entry);
    };
  }

  /** How far in the future each pending call is. */
  get pendingDelays(): number[] {
    return this.scheduled.map((e) => e.at - this.now);
  }

  /** Moves time on by `ms` and runs, in time order, every call that fell due. */
  advance(ms: number): void {
    this.now += ms;
    const due = this.scheduled.filter((e) => e.at <= this.now).sort((a, b) => a.at - b.at);
    this.scheduled = this.scheduled.filter((e) => e.at > this.now);
    for (const entry of due) entry.run();
  }
}
