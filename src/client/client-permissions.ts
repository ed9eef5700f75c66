/**
 * `client.permissions`: who may do what on an experiment, model, dataset or webhook (Strata's
 * /api/strata/v1/permissions), and the server-wide auditor right. Granting needs the manager
 * role on the resource; only admins grant to groups or make auditors.
 */
import {
  STRATA_PERMISSION_ENDPOINTS,
  type GrantPermissionRequest,
  type GrantPermissionResponse,
  type GrantWire,
  type ListPermissionsResponse,
  type PermissionPrincipalType,
  type PermissionResourceType,
  type RevokePermissionRequest,
  type RevokePermissionResponse,
} from '../api/strata-permissions.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function permissionsApi(transport: HttpTransport) {
  const call = <T>(name: keyof typeof STRATA_PERMISSION_ENDPOINTS, request: object) =>
    callEndpoint<T>(transport, STRATA_API_PREFIX, STRATA_PERMISSION_ENDPOINTS[name], request);
  return {
    /** Every grant on the resource, users first. */
    list: async (resourceType: PermissionResourceType, resourceKey: string): Promise<GrantWire[]> =>
      (await call<ListPermissionsResponse>('listPermissions', { resource_type: resourceType, resource_key: resourceKey })).grants,
    /** Gives a user (or, for admins, a group) a role on the resource, replacing the one it had. */
    grant: async (request: GrantPermissionRequest): Promise<GrantWire> => (await call<GrantPermissionResponse>('grantPermission', request)).grant,
    /** False when the principal held nothing there. */
    revoke: async (request: RevokePermissionRequest): Promise<boolean> => (await call<RevokePermissionResponse>('revokePermission', request)).revoked,
    /** Gives or takes the right to read the whole audit log (admins only). */
    setAuditor: async (principalName: string, auditor: boolean, principalType: PermissionPrincipalType = 'user'): Promise<void> => {
      await call('setAuditor', { principal_type: principalType, principal_name: principalName, auditor });
    },
  };
}

export type PermissionsApi = ReturnType<typeof permissionsApi>;
