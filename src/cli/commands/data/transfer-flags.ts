/** Flags and output shared by push, fetch and pull. */
import type { Command } from 'commander';
import type { DataOptions, TransferRequest, TransferResult } from '../../../data/index.js';
import type { CliContext } from '../../cli-context.js';
import { engineOptions } from './data-engine.js';
import { parseJobs, printDataJson, reportFailures } from './data-output.js';

export interface TransferFlags {
  remote?: string;
  jobs?: number;
  json?: boolean;
}

export function addTransferOptions(command: Command): Command {
  return command
    .argument('[paths...]', 'tracked paths (default: all)')
    .option('-r, --remote <name>', 'remote name (default: the default remote)')
    .option('-j, --jobs <n>', 'parallel transfers (default: one per core)', parseJobs)
    .option('--json', 'print the result as JSON');
}

/** The context's env carries the remote's connection settings (S3 endpoint and keys, tracking credentials). */
export function transferOptions(paths: string[], flags: TransferFlags, ctx: CliContext): { request: TransferRequest; options: DataOptions } {
  return {
    request: { paths, ...(flags.remote ? { remote: flags.remote } : {}) },
    options: { ...engineOptions(ctx), ...(flags.jobs ? { jobs: flags.jobs } : {}) },
  };
}

export function printTransfer(ctx: CliContext, verb: string, result: TransferResult, flags: TransferFlags): void {
  if (flags.json) printDataJson(ctx, result);
  else ctx.print(`${verb} ${result.transferred} object(s) (${result.skipped} already there) with remote ${result.remote}`);
  reportFailures(ctx, result.failures.map((f) => ({ ok: false, ...f })), 'objects');
}
