import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerAuditList } from './list.js';

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  registerAuditList(program.command('audit').description('read the audit log: every change made through the API'), ctx);
}
