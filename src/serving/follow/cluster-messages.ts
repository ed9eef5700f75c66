/**
 * What a `strata serve --workers N` primary and its workers say to each other over IPC. A switch
 * is two-phase so every worker serves the same version: `prepare` (load + warm, nothing swapped)
 * on all, then `commit` (swap) on all once every worker prepared — or `abort` (close what was
 * loaded) if one failed, and the switch is reported failed with the workers still on the old one.
 */
export type PrimaryMessage =
  | { type: 'prepare'; id: number; dir: string; version: string }
  | { type: 'commit'; id: number }
  | { type: 'abort'; id: number }
  | { type: 'webhook-status'; id: number; status: number }
  | { type: 'stop' };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'listening'; url: string }
  | { type: 'prepared'; id: number; error?: string }
  | { type: 'committed'; id: number }
  | { type: 'webhook'; id: number; body: string; headers: Record<string, string | string[] | undefined> }
  | { type: 'stopped' };

function hasType(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** IPC also carries node:cluster's own messages; these guards keep only ours (checked by type name). */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return hasType(value) && ['ready', 'listening', 'prepared', 'committed', 'webhook', 'stopped'].includes((value as { type: string }).type);
}

export function isPrimaryMessage(value: unknown): value is PrimaryMessage {
  return hasType(value) && ['prepare', 'commit', 'abort', 'webhook-status', 'stop'].includes((value as { type: string }).type);
}
