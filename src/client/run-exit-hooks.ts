/**
 * What happens to runs a script leaves open, as MLflow's fluent API does it: on an uncaught
 * exception (or unhandled rejection) the buffered metrics are flushed and the run is marked
 * FAILED, on SIGINT/SIGTERM KILLED. When the process simply runs out of work without end(),
 * buffered metrics are flushed and the run is marked FINISHED (one attempt: a server that is
 * already gone must not hold the exit up), as MLflow's fluent API does at interpreter exit.
 *
 * One set of process listeners serves every open run, installed only while some run needs
 * it, so a process without open runs keeps Node's own behaviour. When the script has its
 * own listener for an exception or a signal, that listener decides: the process may go on,
 * so its runs are left alone. `process.exit()` gives no chance to send anything: call end().
 *
 * Browser-safe: the process is reached through globalThis, and is absent in a browser.
 */
import type { RunStatus } from '../api/mlflow-tracking.js';

/** What the hooks need from an open run (ActiveRun). */
export interface ExitBoundRun {
  /** Starts sending buffered points, if any; failures are reported, not thrown. */
  flushAtExit(): void;
  /** Flushes, then records `status`; resolves (never rejects) when done or given up. */
  endAtExit(status: RunStatus, options?: { once?: boolean }): Promise<void>;
}

/** The longest a dying process waits for its runs to be recorded, so a dead server cannot hang it. */
export const EXIT_WORK_TIMEOUT_MS = 5_000;

type ExitSignal = 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly ExitSignal[] = ['SIGINT', 'SIGTERM'];

/** Runs whose buffers are flushed at a normal exit: every open run. */
const flushedAtExit = new Set<ExitBoundRun>();
/** Runs ended FAILED/KILLED when the process dies: those with endOnExit. */
const endedOnDeath = new Set<ExitBoundRun>();

export function trackRunForExit(run: ExitBoundRun, options: { endOnExit: boolean }): void {
  const proc = nodeProcess();
  if (!proc) return;
  if (flushedAtExit.size === 0) proc.on('beforeExit', onBeforeExit);
  flushedAtExit.add(run);
  if (!options.endOnExit) return;
  if (endedOnDeath.size === 0) installDeathListeners(proc);
  endedOnDeath.add(run);
}

export function untrackRunForExit(run: ExitBoundRun): void {
  const proc = nodeProcess();
  if (!proc) return;
  if (flushedAtExit.delete(run) && flushedAtExit.size === 0) proc.off('beforeExit', onBeforeExit);
  if (endedOnDeath.delete(run) && endedOnDeath.size === 0) uninstallDeathListeners(proc);
}

function installDeathListeners(proc: NodeJS.Process): void {
  proc.on('uncaughtException', onUncaughtException);
  for (const signal of SIGNALS) proc.on(signal, onSignal);
}

function uninstallDeathListeners(proc: NodeJS.Process): void {
  proc.off('uncaughtException', onUncaughtException);
  for (const signal of SIGNALS) proc.off(signal, onSignal);
}

// The event loop is empty: end the runs left open (FINISHED, after their buffered points) and
// deliver what the others buffered. Once that settles this fires again; runs with nothing left
// to send add no work, so the process then exits.
function onBeforeExit(): void {
  const finishing = [...endedOnDeath];
  endedOnDeath.clear();
  const proc = nodeProcess();
  if (proc && finishing.length > 0) uninstallDeathListeners(proc);
  for (const run of finishing) void run.endAtExit('FINISHED', { once: true });
  for (const run of flushedAtExit) if (!finishing.includes(run)) run.flushAtExit();
}

function onUncaughtException(error: unknown): void {
  const proc = nodeProcess();
  if (!proc || proc.listenerCount('uncaughtException') > 1) return;
  // Our listener took over Node's default, which prints the error and exits with 1.
  console.error(error);
  void endRunsOnDeath(proc, 'FAILED').finally(() => proc.exit(1));
}

function onSignal(signal: ExitSignal): void {
  const proc = nodeProcess();
  if (!proc || proc.listenerCount(signal) > 1) return;
  // Then die of the signal as if no listener had been there, so the parent sees it (exit status 128 + n).
  void endRunsOnDeath(proc, 'KILLED').finally(() => proc.kill(proc.pid, signal));
}

/**
 * Ends every run with `status`, waiting at most EXIT_WORK_TIMEOUT_MS. The listeners are
 * removed first: a second Ctrl+C meanwhile kills at once, as it would without them.
 */
async function endRunsOnDeath(proc: NodeJS.Process, status: RunStatus): Promise<void> {
  const runs = [...endedOnDeath];
  endedOnDeath.clear();
  uninstallDeathListeners(proc);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, EXIT_WORK_TIMEOUT_MS)));
  await Promise.race([Promise.all(runs.map((run) => run.endAtExit(status))), timeout]);
  clearTimeout(timer);
}

function nodeProcess(): NodeJS.Process | undefined {
  const proc = (globalThis as { process?: NodeJS.Process }).process;
  return typeof proc?.on === 'function' ? proc : undefined;
}
