/**
 * `createClient({ trackingUri })`: the SDK as namespaces (experiments, runs, metrics, models,
 * artifacts, audit, datasets, views, policies, promotions, gates, deployments, auth, permissions) over one HTTP transport. Browser-safe: nothing here or below imports
 * node:*, so the dashboard bundles it; the CLI and training scripts may use it too.
 */
import { artifactsApi } from './client-artifacts.js';
import { authApi } from './client-auth.js';
import { auditApi } from './client-audit.js';
import { datasetsApi } from './client-datasets.js';
import { experimentsApi } from './client-experiments.js';
import { gatesApi } from './client-gates.js';
import { deploymentsApi } from './client-deployments.js';
import { metricsApi } from './client-metrics.js';
import { modelsApi } from './client-models.js';
import { policiesApi, promotionsApi } from './client-promotions.js';
import { permissionsApi } from './client-permissions.js';
import { runsApi } from './client-runs.js';
import { viewsApi } from './client-views.js';
import { HttpTransport, type HttpTransportOptions } from './http-transport.js';

export type CreateClientOptions = HttpTransportOptions;

export function createClient(options: CreateClientOptions) {
  const transport = new HttpTransport(options);
  return {
    trackingUri: transport.trackingUri,
    experiments: experimentsApi(transport),
    runs: runsApi(transport),
    metrics: metricsApi(transport),
    models: modelsApi(transport),
    artifacts: artifactsApi(transport),
    audit: auditApi(transport),
    datasets: datasetsApi(transport),
    views: viewsApi(transport),
    policies: policiesApi(transport),
    promotions: promotionsApi(transport),
    gates: gatesApi(transport),
    deployments: deploymentsApi(transport),
    auth: authApi(transport),
    permissions: permissionsApi(transport),
  };
}

export type Client = ReturnType<typeof createClient>;
