import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registryClient } from '../models/registry-client.js';
import { formatLineageTree } from './format-lineage-tree.js';

interface Options {
  direction: 'up' | 'down';
  depth?: number;
  json?: boolean;
}

function parseDirection(value: string): 'up' | 'down' {
  if (value !== 'up' && value !== 'down') throw new InvalidArgumentError('expected up or down.');
  return value;
}

function parseDepth(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

export function registerLineage(program: Command, ctx: CliContext): void {
  program
    .command('lineage')
    .description('where a model, run, dataset or commit came from (up) or what came from it (down), as a tree')
    .argument('<uri>', 'models:/name/3, models:/name@alias, runs:/<run_id>, dataset:<digest> (a unique prefix of 4+ characters will do) or git:<commit>')
    .option('--direction <direction>', 'up: what produced it; down: what used it', parseDirection, 'up' as const)
    .option('--depth <n>', 'edges to follow from the start (server default 5, at most 50)', parseDepth)
    .option('--json', 'print the graph ({root, nodes, edges}) as JSON')
    .action(async (uri: string, options: Options, command: Command) => {
      const graph = await registryClient(ctx, command).getLineage(uri, {
        direction: options.direction,
        ...(options.depth !== undefined ? { depth: options.depth } : {}),
      });
      if (options.json) return ctx.printJson(graph);
      ctx.print(formatLineageTree(graph));
    });
}
