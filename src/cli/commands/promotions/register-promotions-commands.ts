/** `strata promote …` and `strata promotions list|get|approve|reject|cancel`. */
import type { Command } from 'commander';
import type { PromotionStateWire } from '../../../api/strata-promotions.js';
import type { CliContext } from '../../cli-context.js';
import { formatPromotion, formatPromotionLine, formatPromotionTable } from './format-promotion.js';
import { registerPromote } from './promote.js';
import { promotionsClient } from './promotions-client.js';

const DECISIONS = {
  approve: 'approve a pending request (the approval that reaches the policy\'s count moves the alias)',
  reject: 'reject a pending request: it ends, the alias does not move',
  cancel: 'withdraw your own pending request',
} as const;

function registerList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('promotion requests, newest first')
    .option('--model <name>', 'only this registered model')
    .option('--state <state>', 'pending, approved, rejected, expired or cancelled')
    .option('--max-results <n>', 'at most this many (default 100)', (v) => Number(v))
    .option('--json', 'print the requests as JSON')
    .action(async (options: { model?: string; state?: PromotionStateWire; maxResults?: number; json?: boolean }, command: Command) => {
      const requests = await promotionsClient(ctx, command).promotions.list({
        ...(options.model ? { model: options.model } : {}),
        ...(options.state ? { state: options.state } : {}),
        ...(options.maxResults ? { max_results: options.maxResults } : {}),
      });
      if (options.json) return ctx.printJson(requests);
      ctx.print(formatPromotionTable(requests));
    });
}

function registerGet(parent: Command, ctx: CliContext): void {
  parent
    .command('get')
    .description('one promotion request with its votes')
    .argument('<id>', 'request id')
    .option('--json', 'print the request as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const request = await promotionsClient(ctx, command).promotions.get(id);
      if (options.json) return ctx.printJson(request);
      ctx.print(formatPromotion(request));
    });
}

function registerDecision(parent: Command, ctx: CliContext, verb: keyof typeof DECISIONS): void {
  parent
    .command(verb)
    .description(DECISIONS[verb])
    .argument('<id>', 'request id')
    .option('--comment <text>', 'recorded with the decision')
    .option('--json', 'print the request as JSON')
    .action(async (id: string, options: { comment?: string; json?: boolean }, command: Command) => {
      const request = await promotionsClient(ctx, command).promotions[verb](id, options.comment);
      if (options.json) return ctx.printJson(request);
      ctx.print(formatPromotionLine(request));
    });
}

export function registerPromotionsCommands(program: Command, ctx: CliContext): void {
  registerPromote(program, ctx);
  const promotions = program.command('promotions').description('promotion requests of protected aliases: list, approve, reject, cancel');
  registerList(promotions, ctx);
  registerGet(promotions, ctx);
  for (const verb of Object.keys(DECISIONS) as Array<keyof typeof DECISIONS>) registerDecision(promotions, ctx, verb);
}
