/** The SDK's namespaces (client.auth) for the server named by --tracking-uri or the environment, with its credentials. */
import type { Command } from 'commander';
import { createClient, type Client } from '../../../client/create-client.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import type { CliContext } from '../../cli-context.js';

export function authClient(ctx: CliContext, command: Command): Client {
  const config = resolveTrackingConfig(ctx.env);
  const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  return createClient({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
}
