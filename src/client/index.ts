// The SDK's public surface: import from here, not from the files behind it.
export { StrataClient, type StrataClientOptions } from './strata-client.js';
export { ActiveRun, type ActiveRunOptions } from './active-run.js';
export { type StartRunOptions, DEFAULT_EXPERIMENT_ID, PARENT_RUN_TAG, ensureExperiment } from './start-run.js';
export { StrataApiError, isStrataApiError } from './strata-api-error.js';
export { resolveTrackingConfig, DEFAULT_TRACKING_URI, type TrackingConfig } from './tracking-uri.js';
export { type RetryOptions } from './retry-policy.js';
export { toWireDouble, fromWireDouble } from './wire-double.js';
export { MetricBuffer, type MetricBufferOptions } from './metric-buffer.js';
export { RegistryClient, type RegistryClientOptions } from './registry-client.js';
export { WebhookClient } from './webhook-client.js';
export type { LineageEdgeWire, LineageNodeWire, LineageResponse } from '../api/strata-lineage.js';
export type { CardFormat, CardTemplate, ModelCardWire } from '../api/strata-cards.js';
export type { WebhookEnvelope, WebhookEventWire, WebhookWire } from '../api/mlflow-webhooks.js';
export type { WebhookDeliveryWire } from '../api/strata-webhooks.js';
export type { LogDatasetOptions, LoggedDataset } from './node/log-dataset-options.js';
export type {
  DatasetVersionRunWire,
  DatasetVersionWire,
  GetDatasetResponse,
  GetDatasetVersionResponse,
  RegisterDatasetVersionRequest,
  RegisterDatasetVersionResponse,
  RegisteredDatasetWire,
} from '../api/strata-datasets.js';

import { StrataClient, type StrataClientOptions } from './strata-client.js';
import { resolveTrackingConfig } from './tracking-uri.js';
import { RegistryClient } from './registry-client.js';
import { createClient as createBrowserSafeClient, type Client, type CreateClientOptions } from './create-client.js';

/** A client configured from STRATA_/MLFLOW_ environment variables, as the CLI and scripts want. */
export function createClientFromEnv(
  env: Record<string, string | undefined>,
  options: Omit<StrataClientOptions, 'trackingUri' | 'username' | 'password' | 'token'> = {},
): StrataClient {
  return new StrataClient({ ...resolveTrackingConfig(env), ...options });
}

/** A registry client configured from STRATA_/MLFLOW_ environment variables. */
export function createRegistryClientFromEnv(env: Record<string, string | undefined>): RegistryClient {
  return new RegistryClient(resolveTrackingConfig(env));
}

export type { Client, CreateClientOptions } from './create-client.js';
export type { AuthApi } from './client-auth.js';

/**
 * The SDK as namespaces (experiments, runs, metrics, models, artifacts, audit, auth…), as
 * `strata/client/browser`'s createClient, except that in Node what the options leave out comes
 * from the environment: the tracking URI (STRATA_TRACKING_URI, MLFLOW_TRACKING_URI) and the
 * credentials (STRATA_TOKEN, MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD), as
 * MLflow's client reads them. Credentials given in the options replace the environment's.
 */
export function createClient(options: Partial<CreateClientOptions> = {}, env: Record<string, string | undefined> = process.env): Client {
  const fromEnv = resolveTrackingConfig(env);
  const hasCredentials = options.token !== undefined || options.username !== undefined;
  return createBrowserSafeClient({ ...(hasCredentials ? { trackingUri: fromEnv.trackingUri } : fromEnv), ...options });
}
