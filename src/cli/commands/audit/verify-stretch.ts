/**
 * One stretch of `strata audit verify` over HTTP: the chain read page by page from the server,
 * from the stretch's start to its closing checkpoint (or the log's end), through core's
 * verifier. Run on the command's own thread, or in a worker (verify-worker.ts) for the others.
 */
import type { AuditCheckpoint } from '../../../core/audit/audit-checkpoint.js';
import { AuditChainVerifier, type AuditStretch, type AuditVerifyReport } from '../../../core/audit/audit-verifier.js';
import { StrataClient } from '../../../client/strata-client.js';
import type { TrackingConfig } from '../../../client/tracking-uri.js';
import { eventFromWire } from './chain-wire.js';
import { nodeAuditCrypto } from './node-audit-crypto.js';

/** The server's largest page of the chain. */
export const CHAIN_PAGE_SIZE = 10_000;

export interface StretchJob {
  publicKeyPem: string;
  checkpoints: AuditCheckpoint[];
  stretch: AuditStretch;
}

export interface StretchOutcome {
  report: AuditVerifyReport;
  /** Committed events not sealed yet, as the stretch's last page counted them. */
  pendingEvents: number;
}

/** The client a worker builds from what the command resolved (plain data: it crosses to the worker as a message). */
export function stretchClient(config: TrackingConfig): StrataClient {
  return new StrataClient({ ...config, retry: { maxAttempts: 3, baseDelayMs: 200 } });
}

export async function verifyStretch(client: StrataClient, { publicKeyPem, checkpoints, stretch }: StretchJob): Promise<StretchOutcome> {
  const verifier = new AuditChainVerifier(nodeAuditCrypto, { publicKeyPem, checkpoints, ...stretch });
  const end = stretch.endAt;
  // A page never runs past the stretch's end: the next stretch's events are another thread's work.
  const pageAfter = (after: number): number => (end === undefined || after >= end ? CHAIN_PAGE_SIZE : Math.min(CHAIN_PAGE_SIZE, end - after));
  const fetchAfter = (after: number) => {
    const max = pageAfter(after);
    return client.audit.chain({ after_sequence: after, max_results: max }).then((page) => ({ page, max }));
  };
  let pendingEvents = 0;
  let next = fetchAfter(stretch.startAfter.sequence);
  for (;;) {
    const { page, max } = await next;
    pendingEvents = page.pending_events;
    const last = page.events.at(-1);
    const full = page.events.length === max && last !== undefined;
    // The next page is on its way while this one is hashed: server and verifier work at once.
    // Past the end it is fetched only if the verifier still needs an event (a gap at the end).
    const prefetched = full && (end === undefined || last.sequence < end);
    if (prefetched) next = fetchAfter(last.sequence);
    const going = page.events.every((event) => verifier.add(eventFromWire(event)));
    if (!going || !full) {
      if (prefetched) await next.catch(() => undefined);
      break;
    }
    if (!prefetched) next = fetchAfter(last.sequence);
  }
  return { report: verifier.finish(), pendingEvents };
}
