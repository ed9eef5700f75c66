/**
 * What each API endpoint requires, by the endpoint's name in its src/api table; the route table
 * attaches these (raw artifact routes state theirs beside their handlers). Roles follow MLflow's
 * auth plugin: READ reads, EDIT (editor) changes, MANAGE (manager) deletes and grants; creating
 * an experiment or a model needs only to be signed in (the creator then manages it).
 */
import type { MlflowRegistryEndpointName } from '../../api/mlflow-registry.js';
import type { MlflowEndpointName } from '../../api/mlflow-tracking.js';
import type { MlflowPermissionEndpointName } from '../../api/mlflow-permissions.js';
import type { StrataDatasetEndpointName } from '../../api/strata-datasets.js';
import type { StrataPermissionEndpointName } from '../../api/strata-permissions.js';
import { permit, type RoutePermission } from './route-permission.js';

const { byExperimentId, byRun } = permit;
const experiment = permit.experiment;
const runs = (role: 'viewer' | 'editor' | 'manager') => experiment(role, byRun);

export const TRACKING_PERMISSIONS: Record<MlflowEndpointName | 'logModel', RoutePermission> = {
  createExperiment: permit.signedIn('write'),
  getExperiment: experiment('viewer', byExperimentId),
  getExperimentByName: experiment('viewer', { by: 'experiment-name', field: 'experiment_name' }),
  searchExperiments: permit.filtered('experiment'),
  updateExperiment: experiment('editor', byExperimentId),
  deleteExperiment: experiment('manager', byExperimentId),
  restoreExperiment: experiment('manager', byExperimentId),
  setExperimentTag: experiment('editor', byExperimentId),
  deleteExperimentTag: experiment('editor', byExperimentId),
  createRun: experiment('editor', byExperimentId),
  getRun: runs('viewer'),
  updateRun: runs('editor'),
  deleteRun: runs('manager'),
  restoreRun: runs('manager'),
  setTag: runs('editor'),
  deleteTag: runs('editor'),
  logParam: runs('editor'),
  logMetric: runs('editor'),
  logBatch: runs('editor'),
  logInputs: runs('editor'),
  logModel: runs('editor'),
  // Experiments the caller may not read are dropped from the search, as missing ones match nothing.
  searchRuns: permit.filtered('experiment'),
  getMetricHistory: runs('viewer'),
  getMetricHistoryBulkInterval: experiment('viewer', { by: 'runs', field: 'run_ids' }),
};

export const STRATA_TRACKING_PERMISSIONS = {
  listAuditEvents: permit.filtered('audit'),
  getVersion: permit.public,
  experimentRunStats: permit.filtered('experiment'),
  experimentKeys: experiment('viewer', byExperimentId),
  searchRunColumns: permit.filtered('experiment'),
  metricEnvelope: experiment('viewer', { by: 'series', field: 'series' }),
  listSavedViews: experiment('viewer', byExperimentId),
  createSavedView: experiment('editor', byExperimentId),
  updateSavedView: experiment('editor', { by: 'view', field: 'view_id' }),
  deleteSavedView: experiment('editor', { by: 'view', field: 'view_id' }),
  countRunsByValue: experiment('viewer', byExperimentId),
} as const satisfies Record<string, RoutePermission>;

export const REGISTRY_PERMISSIONS: Record<MlflowRegistryEndpointName, RoutePermission> = {
  createRegisteredModel: permit.signedIn('write'),
  renameRegisteredModel: permit.model('editor'),
  updateRegisteredModel: permit.model('editor'),
  deleteRegisteredModel: permit.model('manager'),
  getRegisteredModel: permit.model('viewer'),
  searchRegisteredModels: permit.filtered('model'),
  getLatestVersions: permit.model('viewer'),
  setRegisteredModelTag: permit.model('editor'),
  deleteRegisteredModelTag: permit.model('editor'),
  setRegisteredModelAlias: permit.model('editor'),
  deleteRegisteredModelAlias: permit.model('editor'),
  getModelVersionByAlias: permit.model('viewer'),
  // Registering a version from a run exposes the run's artifacts through the model: the caller must read the run.
  createModelVersion: {
    kind: 'all',
    of: [
      { kind: 'model', role: 'editor', locate: { by: 'key', field: 'name' } },
      { kind: 'experiment', role: 'viewer', locate: { by: 'run' } },
      { kind: 'experiment', role: 'viewer', locate: { by: 'runs-uri', field: 'source' } },
    ],
  },
  updateModelVersion: permit.model('editor'),
  transitionModelVersionStage: permit.model('editor'),
  deleteModelVersion: permit.model('manager'),
  getModelVersion: permit.model('viewer'),
  searchModelVersions: permit.filtered('model'),
  getModelVersionDownloadUri: permit.model('viewer'),
  setModelVersionTag: permit.model('editor'),
  deleteModelVersionTag: permit.model('editor'),
};

export const STRATA_REGISTRY_PERMISSIONS = {
  resolveModelUri: { kind: 'model', role: 'viewer', locate: { by: 'model-uri', field: 'uri' } },
  aliasHistory: permit.model('viewer'),
} as const satisfies Record<string, RoutePermission>;

export const DATASET_PERMISSIONS: Record<StrataDatasetEndpointName, RoutePermission> = {
  // Registering the first version creates the dataset (its creator then manages it).
  registerDatasetVersion: permit.dataset('editor'),
  listDatasets: permit.filtered('dataset'),
  findDatasetVersionsByDigest: permit.filtered('dataset'),
  getDataset: permit.dataset('viewer'),
  getDatasetVersion: permit.dataset('viewer'),
};

export const WEBHOOK_PERMISSIONS = {
  // A webhook sees every model's events and holds a secret: only admins create them.
  createWebhook: permit.admin,
  listWebhooks: permit.filtered('webhook'),
  getWebhook: permit.webhook('viewer'),
  updateWebhook: permit.webhook('editor'),
  deleteWebhook: permit.webhook('manager'),
  testWebhook: permit.webhook('editor'),
  listWebhookDeliveries: permit.webhook('viewer'),
} as const satisfies Record<string, RoutePermission>;

export const LINEAGE_PERMISSIONS = { lineage: permit.filtered('lineage') } as const satisfies Record<string, RoutePermission>;

/** Reading the model shows its card; the route leaves out the source run and datasets the caller may not read. */
export const CARD_PERMISSIONS = { modelCard: permit.model('viewer') } as const satisfies Record<string, RoutePermission>;

/** Managing a resource's permissions needs its manager role (the service also refuses grants above the caller's). */
export const MLFLOW_PERMISSION_PERMISSIONS: Record<MlflowPermissionEndpointName, RoutePermission> = {
  createExperimentPermission: experiment('manager', byExperimentId),
  getExperimentPermission: experiment('manager', byExperimentId),
  updateExperimentPermission: experiment('manager', byExperimentId),
  deleteExperimentPermission: experiment('manager', byExperimentId),
  createRegisteredModelPermission: permit.model('manager'),
  getRegisteredModelPermission: permit.model('manager'),
  updateRegisteredModelPermission: permit.model('manager'),
  deleteRegisteredModelPermission: permit.model('manager'),
};

export const STRATA_PERMISSION_PERMISSIONS: Record<StrataPermissionEndpointName, RoutePermission> = {
  listPermissions: { kind: 'named-resource', role: 'manager' },
  grantPermission: { kind: 'named-resource', role: 'manager' },
  revokePermission: { kind: 'named-resource', role: 'manager' },
  setAuditor: permit.admin,
};

export const GC_PERMISSIONS = { runGc: permit.admin } as const satisfies Record<string, RoutePermission>;
