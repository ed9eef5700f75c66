/**
 * MLflow's user API (mlflow/server/auth: AuthServiceClient), with its shapes, so scripts written
 * for MLflow's basic-auth app keep working. Admins manage users; a user may read itself and change
 * its own password. Permissions per experiment and model belong to the authorization work.
 */
import type { ExperimentPermissionWire, RegisteredModelPermissionWire } from './mlflow-permissions.js';

export interface MlflowUserWire {
  /** MLflow's is an integer; Strata's ids are hex strings (clients pass it through). */
  id: string;
  username: string;
  is_admin: boolean;
  /** The user's own grants (not those through groups), as MLflow's User.to_json lists them. */
  experiment_permissions: ExperimentPermissionWire[];
  registered_model_permissions: RegisteredModelPermissionWire[];
}

/** `POST /api/2.0/mlflow/users/create` (Strata adds `is_admin` and `service_account`; a service account has no password). */
export interface CreateUserRequest {
  username: string;
  password?: string;
  is_admin?: boolean;
  service_account?: boolean;
}

export interface UserResponse {
  user: MlflowUserWire;
}

/** `GET /api/2.0/mlflow/users/get?username=` */
export interface GetUserRequest {
  username: string;
}

/** `PATCH /api/2.0/mlflow/users/update-password` → `{}` */
export interface UpdateUserPasswordRequest {
  username: string;
  password: string;
}

/** `PATCH /api/2.0/mlflow/users/update-admin` → `{}`; MLflow's older client sends "true"/"false" as text. */
export interface UpdateUserAdminRequest {
  username: string;
  is_admin: boolean | 'true' | 'false';
}

/** `DELETE /api/2.0/mlflow/users/delete` → `{}` */
export interface DeleteUserRequest {
  username: string;
}

export const MLFLOW_USER_ENDPOINTS = {
  createUser: { methods: ['POST'], path: '/mlflow/users/create' },
  getUser: { methods: ['GET'], path: '/mlflow/users/get' },
  updateUserPassword: { methods: ['PATCH'], path: '/mlflow/users/update-password' },
  updateUserAdmin: { methods: ['PATCH'], path: '/mlflow/users/update-admin' },
  deleteUser: { methods: ['DELETE'], path: '/mlflow/users/delete' },
} as const;
