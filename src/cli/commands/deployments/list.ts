import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { deploymentsClient } from './deployments-client.js';
import { formatDeploymentTable } from './format-deployments.js';

interface ListOptions {
  name?: string;
  model?: string;
  modelVersion?: string;
  environment?: string;
  all?: boolean;
  maxResults?: number;
  json?: boolean;
}

/** `strata deployments list`: running instances; `--model M --version N` is "where is version N deployed". */
export function registerDeploymentsList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('serving instances, most recently started first (running ones unless --all)')
    .option('--name <name>', 'only this deployment name')
    .option('--model <name>', 'only instances of this registered model')
    // Not --version: the program's own -V/--version is parsed wherever it appears.
    .option('--model-version <n>', 'only instances serving this version now (with --model): where is version N deployed')
    .option('--environment <label>', 'only this environment (production, staging…)')
    .option('--all', 'include stopped instances')
    .option('--max-results <n>', 'at most this many (default 100)', (v) => Number(v))
    .option('--json', 'print the instances as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const deployments = await deploymentsClient(ctx, command).list({
        ...(options.name ? { name: options.name } : {}),
        ...(options.model ? { modelName: options.model } : {}),
        ...(options.modelVersion ? { version: options.modelVersion } : {}),
        ...(options.environment ? { environment: options.environment } : {}),
        ...(options.all ? { includeStopped: true } : {}),
        ...(options.maxResults ? { maxResults: options.maxResults } : {}),
      });
      if (options.json) return ctx.printJson(deployments);
      ctx.print(formatDeploymentTable(deployments));
    });
}
