/** `strata deployments list|history|served-at|rollback`: the records serving processes keep on the tracking server. */
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerDeploymentsHistory } from './history.js';
import { registerDeploymentsList } from './list.js';
import { registerDeploymentsRollback } from './rollback.js';
import { registerDeploymentsServedAt } from './served-at.js';

export function registerDeploymentsCommands(program: Command, ctx: CliContext): void {
  const deployments = program.command('deployments').description('serving instances and their history: list, history, served-at, rollback');
  for (const register of [registerDeploymentsList, registerDeploymentsHistory, registerDeploymentsServedAt, registerDeploymentsRollback]) register(deployments, ctx);
}
