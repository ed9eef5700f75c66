/** Identities on the wire: MLflow's user shape, Strata's users and tokens. */
import type { MlflowUserWire } from '../../api/mlflow-auth.js';
import type { MlflowPermissionName } from '../../api/mlflow-permissions.js';
import type { Role } from '../../core/auth/principal.js';
import type { Grant } from '../../core/ports/grant-repository.js';
import type { ApiTokenWire, GroupWire, StrataUserWire } from '../../api/strata-auth.js';
import type { GroupWithMembers } from '../../core/identity/user-service.js';
import type { OwnedToken } from '../../core/identity/token-service.js';
import type { User } from '../../core/ports/identity-repository.js';

const MLFLOW_NAME_OF: Record<Role, MlflowPermissionName> = { viewer: 'READ', editor: 'EDIT', manager: 'MANAGE' };

/** MLflow's user, with the grants the user holds directly when they are known. */
export function toMlflowUserWire(user: User, grants?: { experiments: Grant[]; models: Grant[] }): MlflowUserWire {
  return {
    id: user.userId,
    username: user.username,
    is_admin: user.isAdmin,
    experiment_permissions: (grants?.experiments ?? []).map((g) => ({ experiment_id: g.resource.key, user_id: user.userId, permission: MLFLOW_NAME_OF[g.role] })),
    registered_model_permissions: (grants?.models ?? []).map((g) => ({ name: g.resource.key, user_id: user.userId, permission: MLFLOW_NAME_OF[g.role] })),
  };
}

export function toStrataUserWire(user: User): StrataUserWire {
  return {
    user_id: user.userId,
    username: user.username,
    is_admin: user.isAdmin,
    service_account: user.isServiceAccount,
    ...(user.isDisabled === true ? { disabled: true } : {}),
    created_time: user.createdTime,
    last_update_time: user.lastUpdateTime,
  };
}

export function toTokenWire(token: OwnedToken): ApiTokenWire {
  const wire: ApiTokenWire = { token_id: token.tokenId, name: token.name, username: token.username, scope: token.scope, created_time: token.createdTime };
  if (token.expiresTime !== undefined) wire.expires_time = token.expiresTime;
  if (token.lastUsedTime !== undefined) wire.last_used_time = token.lastUsedTime;
  if (token.revokedTime !== undefined) wire.revoked_time = token.revokedTime;
  return wire;
}

export function toGroupWire(group: GroupWithMembers): GroupWire {
  return { name: group.name, created_time: group.createdTime, members: group.members };
}
