/**
 * `strata gc [--older-than 30d] [--dry-run]`: asks the tracking server (--tracking-uri,
 * STRATA_TRACKING_URI, MLFLOW_TRACKING_URI) to collect what was deleted long enough ago; it
 * owns the database and the artifact store. `--backend-store-uri` with `--artifacts-destination`
 * does the same without a server, on an existing database.
 */
import { Option, type Command } from 'commander';
import type { RunGcResponse } from '../../../api/strata-gc.js';
import { isStrataApiError } from '../../../client/strata-api-error.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { parseDuration } from '../../parse-duration.js';
import { describeGc } from './describe-gc.js';

interface Options {
  olderThan: number;
  dryRun?: boolean;
  backendStoreUri?: string;
  artifactsDestination?: string;
  json?: boolean;
}

const DEFAULT_OLDER_THAN = '30d';

export function registerGc(program: Command, ctx: CliContext): void {
  program
    .command('gc')
    .description('permanently remove runs and experiments deleted longer ago than --older-than, with their artifacts (done by the tracking server)')
    .addOption(
      new Option('--older-than <duration>', 'only what was deleted at least this long ago: 30d, 12h, 1d2h30m, 0')
        .argParser(parseDuration)
        .default(parseDuration(DEFAULT_OLDER_THAN), DEFAULT_OLDER_THAN),
    )
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--backend-store-uri <uri>', 'no server: collect directly in this existing metadata database (needs --artifacts-destination)')
    .option('--artifacts-destination <uri>', "with --backend-store-uri: the server's artifact store (local path, file:// or s3://)")
    .option('--json', "print the plan (and result) as JSON, as the server's /api/strata/v1/gc answers")
    .action(async (options: Options, command: Command) => {
      const request = { olderThanMs: options.olderThan, dryRun: options.dryRun === true };
      const response = options.backendStoreUri === undefined
        ? await throughServer(ctx, command, options, request)
        : await directly(ctx, options.backendStoreUri, options.artifactsDestination, request);
      if (options.json) ctx.printJson(response);
      else ctx.print(describeGc(response));
      const failures = response.result?.failures ?? [];
      for (const f of failures) ctx.io.stderr.write(`error: could not remove ${f.entity_type} ${f.entity_id}: ${f.message}\n`);
      if (failures.length > 0) throw new Error(`${failures.length} removal(s) failed`);
    });
}

type GcRequest = { olderThanMs: number; dryRun: boolean };

async function throughServer(ctx: CliContext, command: Command, options: Options, request: GcRequest): Promise<RunGcResponse> {
  if (options.artifactsDestination !== undefined) {
    throw new UsageError('--artifacts-destination only applies with --backend-store-uri (without them the server collects its own store)');
  }
  const client = ctx.client(command);
  try {
    return await client.runGc({ older_than_ms: request.olderThanMs, dry_run: request.dryRun });
  } catch (error) {
    if (!isStrataApiError(error) || error.errorCode !== 'NETWORK_ERROR') throw error;
    throw new Error(
      `${error.message}. strata gc asks the tracking server to collect: start it, or name it with --tracking-uri ` +
        '(or collect without a server: --backend-store-uri URI --artifacts-destination URI)',
    );
  }
}

async function directly(ctx: CliContext, backendStoreUri: string, artifactsDestination: string | undefined, request: GcRequest) {
  if (artifactsDestination === undefined) {
    throw new UsageError('--backend-store-uri needs --artifacts-destination: the artifact store whose folders gc deletes');
  }
  // Loaded on demand: only this mode loads the database drivers.
  const { runGcDirectly } = await import('../../../server/gc-main.js');
  const actor = `cli:${ctx.env.USER ?? ctx.env.USERNAME ?? 'unknown'}`;
  return runGcDirectly({ backendStoreUri, artifactsDestination }, request, actor);
}
