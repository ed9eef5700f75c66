import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { formatPromotion } from './format-promotion.js';
import { promotionsClient } from './promotions-client.js';

/** `models:/fraud/7` -> fraud, 7. Aliases and stages are not versions: a request names one version. */
export function parseVersionUri(uri: string): { model: string; version: number } {
  const match = /^models:\/(.+)\/(\d+)$/.exec(uri);
  if (!match) throw new UsageError(`expected a model version URI such as models:/fraud/7, got '${uri}'`);
  return { model: match[1]!, version: Number(match[2]) };
}

export function registerPromote(program: Command, ctx: CliContext): void {
  program
    .command('promote')
    .description('request that a protected alias move to a model version (approvers then approve or reject it)')
    .argument('<uri>', 'the model version, e.g. models:/fraud/7')
    .requiredOption('--alias <alias>', 'the protected alias, e.g. production')
    .requiredOption('--reason <text>', 'why: approvers read this')
    .option('--json', 'print the request as JSON')
    .action(async (uri: string, options: { alias: string; reason: string; json?: boolean }, command: Command) => {
      const { model, version } = parseVersionUri(uri);
      const request = await promotionsClient(ctx, command).promotions.create({ model, version, alias: options.alias, reason: options.reason });
      if (options.json) return ctx.printJson(request);
      ctx.print(`${formatPromotion(request)}\n\nApprovers: strata promotions approve ${request.request_id} --comment "…"`);
    });
}
