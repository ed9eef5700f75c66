import type { Command } from 'commander';
import { createClient, type Client } from '../../../client/create-client.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import type { CliContext } from '../../cli-context.js';

/** The SDK's namespaces for the server named by --tracking-uri or the environment (as CliContext.client). */
export function promotionsClient(ctx: CliContext, command: Command): Pick<Client, 'policies' | 'promotions'> {
  const config = resolveTrackingConfig(ctx.env);
  const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  return createClient({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
}
