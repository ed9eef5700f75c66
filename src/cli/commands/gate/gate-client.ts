/**
 * The one call `strata gate` makes. Until the SDK's `client.gates` namespace is on this
 * branch, it is sent through the SDK's transport to the same endpoint, with the same
 * retry and error handling as every other SDK call.
 */
import type { Command } from 'commander';
import type { EvaluateGateRequest, EvaluateGateResponse, GateResultWire } from '../../../api/strata-gates.js';
import { STRATA_API_PREFIX } from '../../../api/strata-v1.js';
import { HttpTransport } from '../../../client/http-transport.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import type { CliContext } from '../../cli-context.js';

export interface GateClient {
  trackingUri: string;
  evaluate(request: EvaluateGateRequest): Promise<GateResultWire>;
}

export function gateClient(ctx: CliContext, command: Command): GateClient {
  const config = resolveTrackingConfig(ctx.env);
  const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  const transport = new HttpTransport({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
  return {
    trackingUri: transport.trackingUri,
    evaluate: async (request) => {
      const safety = request.dry_run === true ? 'idempotent' : 'create';
      const response = (await transport.send({ method: 'POST', path: `${STRATA_API_PREFIX}/gates/evaluate`, body: request, safety })) as EvaluateGateResponse;
      return response.result;
    },
  };
}
