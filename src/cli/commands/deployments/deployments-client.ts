import type { Command } from 'commander';
import { createClient, type Client } from '../../../client/create-client.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import type { CliContext } from '../../cli-context.js';

/** The SDK's deployments namespace for the server named by --tracking-uri or the environment. */
export function deploymentsClient(ctx: CliContext, command: Command): Client['deployments'] {
  const config = resolveTrackingConfig(ctx.env);
  const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  return createClient({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } }).deployments;
}
