/**
 * `strata tokens create|list|revoke`: API tokens of the signed-in user (admins: anyone's, and
 * tokens for service accounts). `create` prints the token alone on stdout, once, so
 * `export STRATA_TOKEN=$(strata tokens create ci)` works; it cannot be shown again.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { TokenScope } from '../../../api/strata-auth.js';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';
import { parseDuration } from '../../parse-duration.js';
import { authClient } from '../users/auth-client.js';

interface CreateOptions {
  scope: TokenScope;
  expiresIn?: number;
  user?: string;
}

function parseScope(value: string): TokenScope {
  if (value === 'read' || value === 'write' || value === 'admin') return value;
  throw new InvalidArgumentError(`expected read, write or admin, got '${value}'`);
}

export function registerTokensCommands(program: Command, ctx: CliContext): void {
  const tokens = program.command('tokens').description('API tokens: for scripts and CI (STRATA_TOKEN / MLFLOW_TRACKING_TOKEN)');
  tokens.command('create')
    .description('create a token and print it (shown this once)')
    .argument('<name>', 'what the token is for, e.g. ci-nightly')
    .option('--scope <scope>', 'read, write or admin: the most the token may do', parseScope, 'write')
    .option('--expires-in <duration>', 'expire after this long, e.g. 30d, 12h (default: never)', parseDuration)
    .option('--user <name>', 'admins: create it for this user, e.g. a service account')
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const created = await authClient(ctx, command).auth.tokens.create({
        name,
        scope: options.scope,
        ...(options.expiresIn === undefined ? {} : { expires_time: Date.now() + options.expiresIn }),
        ...(options.user === undefined ? {} : { username: options.user }),
      });
      ctx.print(created.token);
      ctx.io.stderr.write(`token ${created.token_info.token_id} (${created.token_info.scope}) for ${created.token_info.username}: store it now, it is not shown again\n`);
    });
  tokens.command('list')
    .description('list your tokens (with --all, everyone\'s: admins); never the tokens themselves')
    .option('--all', 'every user\'s tokens (admins)')
    .option('--json', 'print the wire objects as JSON')
    .action(async (options: { all?: boolean; json?: boolean }, command: Command) => {
      const list = await authClient(ctx, command).auth.tokens.list({ all: options.all === true });
      if (options.json) return ctx.printJson(list);
      ctx.print(formatTable(
        ['ID', 'NAME', 'USER', 'SCOPE', 'CREATED', 'EXPIRES', 'LAST USED', 'REVOKED'],
        list.map((t) => [t.token_id, t.name, t.username, t.scope, formatTime(t.created_time), formatTime(t.expires_time), formatTime(t.last_used_time), formatTime(t.revoked_time)]),
      ));
    });
  tokens.command('revoke')
    .description('revoke a token: it stops working within a second')
    .argument('<token-id>', 'the token\'s id (strata tokens list)')
    .action(async (tokenId: string, _options: object, command: Command) => {
      await authClient(ctx, command).auth.tokens.revoke(tokenId);
      ctx.print(`revoked token ${tokenId}`);
    });
}
