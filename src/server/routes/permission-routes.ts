/**
 * The permissions APIs: MLflow's (experiments and registered models, per user, MLflow's
 * permission names and shapes) and Strata's own (/api/strata/v1/permissions: any resource, users
 * and groups, the auditor right). Both go through the AuthorizationService, which refuses a
 * grant its caller may not make; the route table has already checked the manager role.
 */
import {
  MLFLOW_PERMISSION_NAMES,
  type ExperimentPermissionResponse,
  type MlflowPermissionName,
  type RegisteredModelPermissionResponse,
} from '../../api/mlflow-permissions.js';
import type { GrantWire, ListPermissionsResponse, RevokePermissionResponse } from '../../api/strata-permissions.js';
import { parseGranteeType, type AuthorizationService } from '../../core/auth/authorization-service.js';
import { ROLES, type Role } from '../../core/auth/principal.js';
import { alreadyExists, invalidParameter, notFound } from '../../core/errors.js';
import { GRANT_RESOURCE_TYPES, type Grant, type GrantResource, type GrantResourceType, type Grantee } from '../../core/ports/grant-repository.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';
import type { RequestFields } from '../request-fields.js';
import { type ApiHandler, EMPTY } from './api-handler.js';

const ROLE_OF: Record<Exclude<MlflowPermissionName, 'NO_PERMISSIONS'>, Role> = { READ: 'viewer', EDIT: 'editor', MANAGE: 'manager' };
const NAME_OF: Record<Role, MlflowPermissionName> = { viewer: 'READ', editor: 'EDIT', manager: 'MANAGE' };

/** A role, or undefined for NO_PERMISSIONS; MLflow's message for anything else. */
function mlflowRole(value: string): Role | undefined {
  const name = MLFLOW_PERMISSION_NAMES.find((candidate) => candidate === value);
  if (name === undefined) {
    throw invalidParameter(`Invalid permission '${shortenForMessage(value)}'. Valid permissions are: (${MLFLOW_PERMISSION_NAMES.map((n) => `'${n}'`).join(', ')})`);
  }
  return name === 'NO_PERMISSIONS' ? undefined : ROLE_OF[name];
}

interface MlflowFamily {
  type: GrantResourceType;
  keyField: 'experiment_id' | 'name';
  /** MLflow's messages name the resource as `experiment_id=1` or `name=m`. */
  label: string;
}

const EXPERIMENTS: MlflowFamily = { type: 'experiment', keyField: 'experiment_id', label: 'Experiment permission' };
const MODELS: MlflowFamily = { type: 'model', keyField: 'name', label: 'Registered model permission' };

/**
 * MLflow's NO_PERMISSIONS overrides its default permission; Strata's roles add up (grants,
 * groups, the server's default), so with a default role a user keeps it whatever the grant says.
 * Answering success there would tell an admin a user is shut out who is not: refuse instead.
 * With `--default-permission none`, dropping the grant denies exactly as MLflow does.
 */
function refuseDenyBelowDefault(authz: AuthorizationService, family: MlflowFamily, key: string, username: string): void {
  const fallback = authz.defaultRole;
  if (fallback === 'none') return;
  throw invalidParameter(
    `NO_PERMISSIONS cannot take access away from ${shortenForMessage(username)} on ${family.keyField}=${shortenForMessage(key)}: ` +
      `every signed-in user holds the server's default role (${fallback}) and Strata's roles only add up. ` +
      `Delete the user's permission to drop what it was granted, or start the server with --default-permission none ` +
      `so that only granted users have access.`,
  );
}

function mlflowPermissionRoutes(authz: AuthorizationService, family: MlflowFamily) {
  const target = (fields: RequestFields): { resource: GrantResource; grantee: Grantee; key: string; username: string } => {
    const key = fields.requiredString(family.keyField);
    const username = fields.requiredString('username');
    return { resource: { type: family.type, key }, grantee: { type: 'user', name: username }, key, username };
  };
  const describe = (key: string, username: string) => `${family.keyField}=${shortenForMessage(key)} and username=${shortenForMessage(username)}`;
  const missing = (key: string, username: string) => notFound(`${family.label} with ${describe(key, username)} not found`);
  // MLflow's user_id is the user's id (what users/get answers as `id`), not the name.
  const wire = async (key: string, username: string, permission: MlflowPermissionName) => {
    const userId = await authz.userIdOf(username);
    return family.type === 'experiment'
      ? ({ experiment_permission: { experiment_id: key, user_id: userId, permission } } satisfies ExperimentPermissionResponse)
      : ({ registered_model_permission: { name: key, user_id: userId, permission } } satisfies RegisteredModelPermissionResponse);
  };

  const create: ApiHandler = async ({ fields, principal }) => {
    const { resource, grantee, key, username } = target(fields);
    const role = mlflowRole(fields.requiredString('permission'));
    // MLflow grants to existing users only: a mistyped name fails rather than granting nobody.
    // (Strata's own /permissions API may name a user who has not signed in yet, e.g. through SSO.)
    if ((await authz.findUserId(username)) === undefined) throw notFound(`User with username=${shortenForMessage(username)} not found`);
    if (await authz.findGrant(resource, grantee)) {
      throw alreadyExists(`${family.label} (${family.keyField}=${shortenForMessage(key)}, username=${shortenForMessage(username)}) already exists.`);
    }
    if (role === undefined) {
      refuseDenyBelowDefault(authz, family, key, username);
      return wire(key, username, 'NO_PERMISSIONS');
    }
    const grant = await authz.grant(principal, resource, grantee, role);
    return wire(key, username, NAME_OF[grant.role]);
  };
  const get: ApiHandler = async ({ fields }) => {
    const { resource, grantee, key, username } = target(fields);
    const grant = await authz.findGrant(resource, grantee);
    if (!grant) throw missing(key, username);
    return wire(key, username, NAME_OF[grant.role]);
  };
  const update: ApiHandler = async ({ fields, principal }) => {
    const { resource, grantee, key, username } = target(fields);
    const role = mlflowRole(fields.requiredString('permission'));
    if (!(await authz.findGrant(resource, grantee))) throw missing(key, username);
    if (role === undefined) {
      refuseDenyBelowDefault(authz, family, key, username);
      await authz.revoke(principal, resource, grantee);
    }
    else await authz.grant(principal, resource, grantee, role);
    return EMPTY;
  };
  const remove: ApiHandler = async ({ fields, principal }) => {
    const { resource, grantee, key, username } = target(fields);
    if (!(await authz.revoke(principal, resource, grantee))) throw missing(key, username);
    return EMPTY;
  };
  return { create, get, update, remove };
}

export function mlflowPermissionsRoutes(authz: AuthorizationService) {
  const experiments = mlflowPermissionRoutes(authz, EXPERIMENTS);
  const models = mlflowPermissionRoutes(authz, MODELS);
  return {
    createExperimentPermission: experiments.create,
    getExperimentPermission: experiments.get,
    updateExperimentPermission: experiments.update,
    deleteExperimentPermission: experiments.remove,
    createRegisteredModelPermission: models.create,
    getRegisteredModelPermission: models.get,
    updateRegisteredModelPermission: models.update,
    deleteRegisteredModelPermission: models.remove,
  };
}

function resourceFrom(fields: RequestFields): GrantResource {
  const type = fields.requiredString('resource_type');
  const known = GRANT_RESOURCE_TYPES.find((candidate) => candidate === type);
  if (known === undefined) throw invalidParameter(`resource_type must be one of ${GRANT_RESOURCE_TYPES.join(', ')}; got '${shortenForMessage(type)}'.`);
  return { type: known, key: fields.requiredString('resource_key') };
}

function granteeFrom(fields: RequestFields): Grantee {
  return { type: parseGranteeType(fields.string('principal_type') ?? 'user'), name: fields.requiredString('principal_name') };
}

function roleFrom(fields: RequestFields): Role {
  const value = fields.requiredString('role');
  const role = ROLES.find((candidate) => candidate === value);
  if (role === undefined) throw invalidParameter(`role must be one of ${ROLES.join(', ')}; got '${shortenForMessage(value)}'.`);
  return role;
}

export function grantToWire(grant: Grant): GrantWire {
  return {
    resource_type: grant.resource.type,
    resource_key: grant.resource.key,
    principal_type: grant.grantee.type,
    principal_name: grant.grantee.name,
    role: grant.role,
    granted_by: grant.grantedBy,
    granted_time: grant.grantedTime,
  };
}

export function strataPermissionsRoutes(authz: AuthorizationService) {
  return {
    listPermissions: (async ({ fields }): Promise<ListPermissionsResponse> => ({
      grants: (await authz.listGrants(resourceFrom(fields))).map(grantToWire),
    })) satisfies ApiHandler,
    grantPermission: (async ({ fields, principal }) => ({
      grant: grantToWire(await authz.grant(principal, resourceFrom(fields), granteeFrom(fields), roleFrom(fields))),
    })) satisfies ApiHandler,
    revokePermission: (async ({ fields, principal }): Promise<RevokePermissionResponse> => ({
      revoked: await authz.revoke(principal, resourceFrom(fields), granteeFrom(fields)),
    })) satisfies ApiHandler,
    setAuditor: (async ({ fields, principal }) => {
      await authz.setAuditor(principal, granteeFrom(fields), fields.boolean('auditor'));
      return EMPTY;
    }) satisfies ApiHandler,
  };
}
