import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerUsersCreate } from './create.js';
import { registerUsersManage } from './manage.js';

export function registerUsersCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('users and service accounts (MLflow\'s users API)');
  registerUsersCreate(users, ctx);
  registerUsersManage(users, ctx);
}
