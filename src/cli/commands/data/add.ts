import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { formatBytes, parseJobs, printDataJson, reportDamage } from './data-output.js';

interface Options {
  jobs?: number;
  json?: boolean;
}

export function registerDataAdd(parent: Command, ctx: CliContext): void {
  parent
    .command('add')
    .description('store files or folders in the cache and write PATH.strata pointers to commit')
    .argument('<paths...>', 'files or folders inside the repository')
    .option('-j, --jobs <n>', 'worker threads for hashing (default: one per core)', parseJobs)
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: Options) => {
      const { addPaths } = await loadDataEngine();
      const { outcomes } = await addPaths(paths, { ...engineOptions(ctx), ...(options.jobs ? { jobs: options.jobs } : {}) });
      if (options.json) printDataJson(ctx, outcomes);
      else {
        for (const o of outcomes.filter((x) => x.ok)) {
          const files = o.pointer.files === undefined ? '' : `, ${o.pointer.files} files`;
          ctx.print(`added ${o.path} (${formatBytes(o.pointer.size)}${files}) -> ${o.pointerPath}`);
          for (const r of o.restored) {
            ctx.io.stderr.write(`warning: cache object ${r.key} (committed content of ${r.paths.join(', ')}) had been changed in place; stored again from the files that still hold it\n`);
          }
        }
      }
      reportDamage(ctx, outcomes, 'paths');
    });
}
