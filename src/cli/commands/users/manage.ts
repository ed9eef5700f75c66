/** `strata users list|delete|set-admin|disable`: through the server, as an admin. */
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';
import { authClient } from './auth-client.js';

export function registerUsersManage(users: Command, ctx: CliContext): void {
  users.command('list')
    .description('list users (admins)')
    .option('--json', 'print the wire objects as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await authClient(ctx, command).auth.users.list();
      if (options.json) return ctx.printJson(list);
      ctx.print(formatTable(
        ['NAME', 'ADMIN', 'KIND', 'CREATED'],
        list.map((u) => [u.username, u.is_admin ? 'yes' : 'no', `${u.service_account ? 'service account' : 'user'}${u.disabled ? ' (disabled)' : ''}`, formatTime(u.created_time)]),
      ));
    });
  users.command('delete')
    .description('delete a user with its tokens, sessions and memberships (admins)')
    .argument('<name>', 'the user name')
    .action(async (name: string, _options: object, command: Command) => {
      await authClient(ctx, command).auth.users.delete(name);
      ctx.print(`deleted user ${name}`);
    });
  users.command('set-admin')
    .description('make a user a server admin, or with --revoke no longer one (admins)')
    .argument('<name>', 'the user name')
    .option('--revoke', 'take the admin flag away instead')
    .action(async (name: string, options: { revoke?: boolean }, command: Command) => {
      await authClient(ctx, command).auth.users.setAdmin(name, options.revoke !== true);
      ctx.print(options.revoke ? `${name} is no longer an admin` : `${name} is an admin`);
    });
  users.command('disable')
    .description('refuse every sign-in of a user (password, tokens, sessions, single sign-on) but keep the account; --enable undoes it (admins)')
    .argument('<name>', 'the user name')
    .option('--enable', 'enable the user again instead')
    .action(async (name: string, options: { enable?: boolean }, command: Command) => {
      await authClient(ctx, command).auth.users.setDisabled(name, options.enable !== true);
      ctx.print(options.enable ? `${name} is enabled` : `${name} is disabled`);
    });
}
