import type { Command } from 'commander';
import type { PromoteRequest } from '../../../api/strata-promotions.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { formatPromoteResult } from './format-promote.js';
import { promotionsClient } from './promotions-client.js';

/** `models:/fraud/7` -> fraud, 7. Aliases and stages are not versions: a promotion names one version. */
export function parseVersionUri(uri: string): { model: string; version: number } {
  const match = /^models:\/(.+)\/(\d+)$/.exec(uri);
  if (!match) throw new UsageError(`expected a model version URI such as models:/fraud/7, got '${uri}'`);
  return { model: match[1]!, version: Number(match[2]) };
}

interface PromoteOptions {
  alias?: string;
  rollback?: string;
  model?: string;
  reason?: string;
  json?: boolean;
}

/** Either `URI --alias A` or `--rollback A --model NAME`, never a mix. */
function promoteRequest(uri: string | undefined, options: PromoteOptions): PromoteRequest {
  const reason = options.reason === undefined ? {} : { reason: options.reason };
  if (options.rollback !== undefined) {
    if (uri !== undefined || options.alias !== undefined) throw new UsageError('--rollback ALIAS takes no version URI and no --alias: the version comes from the alias history');
    if (options.model === undefined) throw new UsageError('--rollback needs --model NAME');
    return { name: options.model, alias: options.rollback, rollback: true, ...reason };
  }
  if (uri === undefined || options.alias === undefined) throw new UsageError('expected a version URI and --alias (strata promote models:/fraud/7 --alias production), or --rollback ALIAS --model NAME');
  if (options.model !== undefined) throw new UsageError('--model goes with --rollback; a version URI names its model');
  const { model, version } = parseVersionUri(uri);
  return { name: model, version, alias: options.alias, ...reason };
}

export function registerPromote(program: Command, ctx: CliContext): void {
  program
    .command('promote')
    .description('move an alias to a model version: directly when unprotected, at once when an auto policy\'s conditions hold, else by a request for approvers')
    .argument('[uri]', 'the model version, e.g. models:/fraud/7')
    .option('--alias <alias>', 'the alias to move, e.g. production')
    .option('--rollback <alias>', 'move this alias back to the version it pointed to before (needs --model)')
    .option('--model <name>', 'the registered model, with --rollback')
    .option('--reason <text>', 'why: approvers read it, the alias history keeps it (needed when a request waits on approvers)')
    .option('--json', 'print the server\'s answer as JSON')
    .action(async (uri: string | undefined, options: PromoteOptions, command: Command) => {
      const response = await promotionsClient(ctx, command).promotions.promote(promoteRequest(uri, options));
      if (options.json) return ctx.printJson(response);
      ctx.print(formatPromoteResult(response));
    });
}
