/**
 * The background half of the audit chain, in every server process: seals committed events
 * every `sealIntervalMs` and signs a checkpoint every `checkpointIntervalMs` when events were
 * sealed since the last one. Replicas run it side by side; the ledger's lock makes them take
 * turns. A failed pass is reported and retried on the next tick: events wait unsealed (verify
 * calls them pending), nothing is lost.
 */
import type { AuditChainService } from '../../core/services/audit-chain-service.js';

export interface AuditSealerOptions {
  /** 0: no background sealing (checkpoints on demand still seal first). */
  sealIntervalMs: number;
  /** 0: no periodic checkpoints. */
  checkpointIntervalMs: number;
  onError?: (error: unknown) => void;
}

export interface AuditSealerLoop {
  start(): void;
  /** Stops the timers and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function auditSealerLoop(service: AuditChainService, options: AuditSealerOptions): AuditSealerLoop {
  const report = options.onError ?? ((error: unknown) => console.error('[strata] audit sealer:', error));
  const timers: NodeJS.Timeout[] = [];
  let running: Promise<unknown> = Promise.resolve();
  // One pass at a time per process: a slow pass is not overlapped by the next tick.
  const pass = (work: () => Promise<unknown>) => {
    running = running.then(work).catch(report);
  };
  const every = (ms: number, work: () => Promise<unknown>) => {
    if (ms <= 0) return;
    const timer = setInterval(() => pass(work), ms);
    timer.unref();
    timers.push(timer);
  };
  return {
    start() {
      if (options.sealIntervalMs > 0) pass(() => service.sealAll());
      every(options.sealIntervalMs, () => service.sealAll());
      every(options.checkpointIntervalMs, async () => {
        await service.sealAll();
        await service.checkpointIfNew();
      });
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await running;
    },
  };
}
