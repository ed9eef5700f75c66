import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';

export function registerDataInit(parent: Command, ctx: CliContext): void {
  parent
    .command('init')
    .description('set up data versioning in this git repository (.strata/)')
    .action(async () => {
      const { initDataRepo } = await loadDataEngine();
      const { repo, created } = initDataRepo(ctx.cwd);
      ctx.print(created ? `initialised ${repo.strataDir}; commit .strata/config and .strata/.gitignore` : `${repo.strataDir} already initialised`);
    });
}
