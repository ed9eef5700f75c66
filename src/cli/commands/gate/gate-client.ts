/** The one call `strata gate` makes, through the SDK's `client.gates` (src/client/client-gates.ts). */
import type { Command } from 'commander';
import type { EvaluateGateRequest, GateResultWire } from '../../../api/strata-gates.js';
import { createClient } from '../../../client/create-client.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import type { CliContext } from '../../cli-context.js';

export interface GateClient {
  /** The server the result came from; the Markdown report links to its dashboard. */
  trackingUri: string;
  evaluate(request: EvaluateGateRequest): Promise<GateResultWire>;
}

export function gateClient(ctx: CliContext, command: Command): GateClient {
  const config = resolveTrackingConfig(ctx.env);
  const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  // People at a terminal (and CI jobs) would rather hear "server down" quickly than wait out a long backoff.
  const client = createClient({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
  return { trackingUri: client.trackingUri, evaluate: (request) => client.gates.evaluate(request) };
}
