/** `strata models policy apply FILE` and `strata models policy show NAME`. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../../cli-context.js';
import { promotionsClient } from '../../promotions/promotions-client.js';
import { parsePolicyFile, policyToYaml } from './policy-file.js';

function registerApply(parent: Command, ctx: CliContext): void {
  parent
    .command('apply')
    .description("replace a model's promotion policy with a YAML file's (model:, protected_aliases:)")
    .argument('<file>', 'policy YAML file')
    .option('--json', 'print the stored policy as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const text = await readFile(resolve(ctx.cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const policy = await promotionsClient(ctx, command).policies.set(parsePolicyFile(text, file));
      if (options.json) return ctx.printJson(policy);
      const aliases = Object.keys(policy.protected_aliases);
      ctx.print(aliases.length === 0 ? `${policy.name}: no protected aliases` : `${policy.name}: protected ${aliases.join(', ')}`);
    });
}

function registerShow(parent: Command, ctx: CliContext): void {
  parent
    .command('show')
    .description("a model's promotion policy, as a file apply accepts")
    .argument('<name>', 'registered model name')
    .option('--json', 'print the policy as JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const policy = await promotionsClient(ctx, command).policies.get(name);
      if (options.json) return ctx.printJson(policy);
      ctx.print(policyToYaml(policy));
    });
}

export function registerModelsPolicyCommands(models: Command, ctx: CliContext): void {
  const policy = models.command('policy').description('protected aliases: which need promotion requests, and their approvals');
  registerApply(policy, ctx);
  registerShow(policy, ctx);
}
