/** `strata audit checkpoint` and `strata audit public-key`: sign the chain's head now; print the key that checks checkpoints. */
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatTime } from '../../format-values.js';

export function registerAuditCheckpoint(parent: Command, ctx: CliContext): void {
  parent
    .command('checkpoint')
    .description('seal the committed audit events and sign a checkpoint of the chain now (admin)')
    .option('--json', 'print the checkpoint as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const checkpoint = await ctx.client(command).audit.createCheckpoint();
      if (options.json) return ctx.printJson(checkpoint);
      ctx.print(`checkpoint ${checkpoint.checkpoint_id ?? '?'}: ${checkpoint.size} events, root ${checkpoint.root_hash}, signed ${formatTime(checkpoint.time)} by key ${checkpoint.key_id}`);
    });
}

export function registerAuditPublicKey(parent: Command, ctx: CliContext): void {
  parent
    .command('public-key')
    .description('print the server\'s audit public key (PEM): keep a copy to verify exports with')
    .action(async (_options: object, command: Command) => {
      ctx.print((await ctx.client(command).audit.publicKey()).public_key);
    });
}
