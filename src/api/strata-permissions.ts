/**
 * Strata's permissions API under /api/strata/v1/permissions: roles (viewer < editor < manager)
 * on experiments (by id), registered models and datasets (by name) and webhooks (by id), to
 * users or groups; and the server-wide auditor right (admins only). Granting needs the manager
 * role on the resource; only admins grant to groups.
 */
/** viewer < editor < manager (each includes the ones before it). */
export type PermissionRole = 'viewer' | 'editor' | 'manager';

export type PermissionResourceType = 'experiment' | 'model' | 'dataset' | 'webhook';
export type PermissionPrincipalType = 'user' | 'group';

export interface GrantWire {
  resource_type: PermissionResourceType;
  resource_key: string;
  principal_type: PermissionPrincipalType;
  principal_name: string;
  role: PermissionRole;
  granted_by: string;
  granted_time: number;
}

/** `POST /api/strata/v1/permissions/grant`: creates or replaces the principal's role. */
export interface GrantPermissionRequest {
  resource_type: PermissionResourceType;
  resource_key: string;
  /** Default `user`. */
  principal_type?: PermissionPrincipalType;
  principal_name: string;
  role: PermissionRole;
}

export interface GrantPermissionResponse {
  grant: GrantWire;
}

/** `POST /api/strata/v1/permissions/revoke`. */
export interface RevokePermissionRequest {
  resource_type: PermissionResourceType;
  resource_key: string;
  principal_type?: PermissionPrincipalType;
  principal_name: string;
}

export interface RevokePermissionResponse {
  /** False when the principal held nothing there. */
  revoked: boolean;
}

/** `GET /api/strata/v1/permissions?resource_type=&resource_key=`: every grant on the resource. */
export interface ListPermissionsRequest {
  resource_type: PermissionResourceType;
  resource_key: string;
}

export interface ListPermissionsResponse {
  grants: GrantWire[];
}

/** `POST /api/strata/v1/permissions/auditor`: gives or takes the right to read the whole audit log. */
export interface SetAuditorRequest {
  principal_type?: PermissionPrincipalType;
  principal_name: string;
  auditor: boolean;
}

export const STRATA_PERMISSION_ENDPOINTS = {
  listPermissions: { methods: ['GET'], path: '/permissions' },
  grantPermission: { methods: ['POST'], path: '/permissions/grant' },
  revokePermission: { methods: ['POST'], path: '/permissions/revoke' },
  setAuditor: { methods: ['POST'], path: '/permissions/auditor' },
} as const;

export type StrataPermissionEndpointName = keyof typeof STRATA_PERMISSION_ENDPOINTS;
