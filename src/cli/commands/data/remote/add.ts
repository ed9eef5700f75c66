import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from '../data-engine.js';
import type { CliContext } from '../../../cli-context.js';

export function registerDataRemoteAdd(parent: Command, ctx: CliContext): void {
  parent
    .command('add')
    .description('add a remote: a folder, an S3 bucket or a Strata server')
    .argument('<name>', 'remote name')
    .argument('<url>', 'folder path (relative to the repository root), s3://bucket/prefix or strata://host:port')
    .option('-d, --default', 'make it the default remote')
    .action(async (name: string, url: string, options: { default?: boolean }) => {
      const { addRemote } = await loadDataEngine();
      const remote = addRemote(name, url, options.default === true, engineOptions(ctx));
      ctx.print(`added remote ${remote.name} (${remote.url})${remote.isDefault ? ', the default' : ''}`);
    });
}
