import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerAuditCheckpoint, registerAuditPublicKey } from './checkpoint.js';
import { registerAuditExport } from './export.js';
import { registerAuditList } from './list.js';
import { registerAuditVerify } from './verify.js';

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('read the audit log (every change made through the API), verify its hash chain, export it');
  registerAuditList(audit, ctx);
  registerAuditVerify(audit, ctx);
  registerAuditExport(audit, ctx);
  registerAuditCheckpoint(audit, ctx);
  registerAuditPublicKey(audit, ctx);
}
