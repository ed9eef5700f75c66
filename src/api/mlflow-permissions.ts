/**
 * MLflow's permissions API (its basic-auth app, mlflow/server/auth): per-user permissions on
 * experiments and registered models, under MLflow's prefixes. Permission names map onto
 * Strata's roles: READ → viewer, EDIT → editor, MANAGE → manager; NO_PERMISSIONS removes the
 * user's grant when the server's default role is `none`, and is refused (INVALID_PARAMETER_VALUE)
 * otherwise: roles are a union with the server's default, so it could not deny below it.
 * `user_id` is the user's id, as users/get answers it (grants themselves name users).
 */

export const MLFLOW_PERMISSION_NAMES = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'] as const;
export type MlflowPermissionName = (typeof MLFLOW_PERMISSION_NAMES)[number];

export interface ExperimentPermissionWire {
  experiment_id: string;
  user_id: string;
  permission: MlflowPermissionName;
}

export interface RegisteredModelPermissionWire {
  name: string;
  user_id: string;
  permission: MlflowPermissionName;
}

/** `POST …/experiments/permissions/create`, `PATCH …/update`: experiment_id, username, permission. */
export interface ExperimentPermissionRequest {
  experiment_id: string;
  username: string;
  permission: MlflowPermissionName;
}

/** `POST …/registered-models/permissions/create`, `PATCH …/update`: name, username, permission. */
export interface RegisteredModelPermissionRequest {
  name: string;
  username: string;
  permission: MlflowPermissionName;
}

export interface ExperimentPermissionResponse {
  experiment_permission: ExperimentPermissionWire;
}

export interface RegisteredModelPermissionResponse {
  registered_model_permission: RegisteredModelPermissionWire;
}

/** Paths under MLflow's prefixes; get answers GET, update PATCH and delete DELETE, as MLflow's. */
export const MLFLOW_PERMISSION_ENDPOINTS = {
  createExperimentPermission: { methods: ['POST'], path: '/mlflow/experiments/permissions/create' },
  getExperimentPermission: { methods: ['GET'], path: '/mlflow/experiments/permissions/get' },
  updateExperimentPermission: { methods: ['PATCH'], path: '/mlflow/experiments/permissions/update' },
  deleteExperimentPermission: { methods: ['DELETE'], path: '/mlflow/experiments/permissions/delete' },
  createRegisteredModelPermission: { methods: ['POST'], path: '/mlflow/registered-models/permissions/create' },
  getRegisteredModelPermission: { methods: ['GET'], path: '/mlflow/registered-models/permissions/get' },
  updateRegisteredModelPermission: { methods: ['PATCH'], path: '/mlflow/registered-models/permissions/update' },
  deleteRegisteredModelPermission: { methods: ['DELETE'], path: '/mlflow/registered-models/permissions/delete' },
} as const;

export type MlflowPermissionEndpointName = keyof typeof MLFLOW_PERMISSION_ENDPOINTS;
