import type { Command } from 'commander';
import { RegistryClient } from '../../../client/registry-client.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import type { CliContext } from '../../cli-context.js';

/** A registry client for the server named by --tracking-uri or the environment (as CliContext.client). */
export function registryClient(ctx: CliContext, command: Command): RegistryClient {
  const config = resolveTrackingConfig(ctx.env);
  const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  // People at a terminal would rather hear "server down" in a second than wait out a long backoff.
  return new RegistryClient({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
}
