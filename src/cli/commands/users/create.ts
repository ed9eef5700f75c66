/**
 * `strata users create [--admin] [--service-account] NAME`. Through the server (as an admin), or
 * with --backend-store-uri straight into the database, like `strata db upgrade`: that is how the
 * first admin comes to be before any server runs. Whoever can write the database already holds
 * every power, so the direct path asks for no credentials.
 */
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { authClient } from './auth-client.js';
import { readNewPassword } from './read-password.js';

interface Options {
  admin?: boolean;
  serviceAccount?: boolean;
  backendStoreUri?: string;
}

export function registerUsersCreate(users: Command, ctx: CliContext): void {
  users.command('create')
    .description('create a user (password from a prompt, stdin or STRATA_USER_PASSWORD) or a service account')
    .argument('<name>', 'the user name')
    .option('--admin', 'make the user a server admin')
    .option('--service-account', 'a service account: no password, signs in with tokens (strata tokens create --user NAME)')
    .option('--backend-store-uri <uri>', 'write into this metadata database directly (no server needed), e.g. for the first admin')
    .action(async (name: string, options: Options, command: Command) => {
      const serviceAccount = options.serviceAccount === true;
      const password = serviceAccount ? undefined : await readNewPassword(ctx);
      const input = { username: name, isAdmin: options.admin === true, isServiceAccount: serviceAccount, ...(password === undefined ? {} : { password }) };
      if (options.backendStoreUri !== undefined) {
        await createInStore(ctx, options.backendStoreUri, input);
      } else {
        await authClient(ctx, command).auth.users.create({
          username: name, is_admin: input.isAdmin, service_account: serviceAccount, ...(password === undefined ? {} : { password }),
        });
      }
      ctx.print(`created ${serviceAccount ? 'service account' : input.isAdmin ? 'admin' : 'user'} ${name}`);
    });
}

async function createInStore(ctx: CliContext, uri: string, input: { username: string; password?: string; isAdmin: boolean; isServiceAccount: boolean }): Promise<void> {
  // Loaded on demand so client-only commands never load database drivers or argon2.
  const { resolveServerConfig, experimentArtifactLocation } = await import('../../../server/config.js');
  const { openStore } = await import('../../../store/create-store.js');
  const { createIdentity } = await import('../../../server/auth/wire-identity.js');
  const { systemClock } = await import('../../../core/ports/clock.js');
  const config = resolveServerConfig({ backendStoreUri: uri }, ctx.env, ctx.cwd);
  const store = await openStore(config.backendStoreUri, { defaultArtifactLocation: experimentArtifactLocation(config), cwd: ctx.cwd });
  try {
    await createIdentity(store, systemClock).users.createUnchecked({ kind: 'open', claimed: 'strata-cli' }, input);
  } finally {
    await store.close();
  }
}
