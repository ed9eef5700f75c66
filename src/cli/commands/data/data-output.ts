/** Output helpers shared by the `strata data` commands. */
import type { DataErrorInfo } from '../../../data/index.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { snakeCaseKeys } from '../../snake-case-keys.js';

/** Thrown after per-path results were printed, so runCli exits 1 with a one-line summary. */
export class DataCommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataCommandFailed';
  }
}

/** `--json` of an engine result: its camelCase fields as snake_case, like every other command's JSON. */
export function printDataJson(ctx: CliContext, result: unknown): void {
  ctx.printJson(snakeCaseKeys(result));
}

/** Prints each failure on stderr and throws if any path failed. */
export function reportFailures(ctx: CliContext, outcomes: { ok: boolean; path?: string; key?: string; error?: DataErrorInfo }[], what: string): void {
  const failed = outcomes.filter((o) => !o.ok || o.error !== undefined);
  for (const f of failed) ctx.io.stderr.write(`${f.error?.code ?? 'FAILED'}: ${f.error?.message ?? f.path ?? f.key ?? ''}\n`);
  if (failed.length > 0) throw new DataCommandFailed(`${failed.length} of ${outcomes.length} ${what} failed`);
}

/**
 * Prints the cache objects found changed in place (status, add) on stderr and throws after
 * any per-path failures are reported: a committed version's bytes are gone, which a script
 * must not take for success.
 */
export function reportDamage(ctx: CliContext, outcomes: { ok: boolean; damaged?: { error: DataErrorInfo }[] }[], what: string): void {
  const damaged = outcomes.flatMap((o) => o.damaged ?? []);
  for (const d of damaged) ctx.io.stderr.write(`${d.error.code}: ${d.error.message}\n`);
  reportFailures(ctx, outcomes, what);
  if (damaged.length > 0) throw new DataCommandFailed(`${damaged.length} cache object(s) damaged`);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--jobs must be a positive integer (got "${value}")`);
  return n;
}
