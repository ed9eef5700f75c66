/**
 * Storage of authorization grants: a role on one experiment, registered model, dataset or
 * webhook, held by a user or a group (named, not referenced: the identity tables are another
 * feature's, and a grant may name a group before it exists). Server-wide rights (auditor)
 * are kept beside them.
 */
import type { Role } from '../auth/principal.js';

/** What a grant is on. Models and datasets by name, experiments and webhooks by id. */
export type GrantResourceType = 'experiment' | 'model' | 'dataset' | 'webhook';

export const GRANT_RESOURCE_TYPES: readonly GrantResourceType[] = ['experiment', 'model', 'dataset', 'webhook'];

export type GranteeType = 'user' | 'group';

export interface Grantee {
  type: GranteeType;
  name: string;
}

export interface GrantResource {
  type: GrantResourceType;
  /** The experiment or webhook id, the model or dataset name. */
  key: string;
}

export interface Grant {
  resource: GrantResource;
  grantee: Grantee;
  role: Role;
  grantedBy: string;
  grantedTime: number;
}

/** The keys of one resource type a principal may read: every one, or a list to push into SQL. */
export type ReadableSet = { readonly all: true } | { readonly all: false; readonly keys: readonly string[] };

/** What a caller who may not read the whole audit log sees: events of entities it may read. */
export type AuditVisibility = Readonly<Record<GrantResourceType, ReadableSet>>;

/** A right over the whole server that no per-resource role gives. */
export type ServerRight = 'auditor';

export interface GrantRepository {
  /** Every grant on one resource, users before groups, then by name. */
  listGrants(resource: GrantResource): Promise<Grant[]>;
  /** Grants of any of `grantees` on resources of one type (on one resource when `key` is given). */
  grantsHeldBy(grantees: readonly Grantee[], type: GrantResourceType, key?: string): Promise<Grant[]>;
  /** Creates or replaces the grantee's role on the resource. */
  putGrant(grant: Grant): Promise<void>;
  /** False when the grantee held nothing there. */
  deleteGrant(resource: GrantResource, grantee: Grantee): Promise<boolean>;
  /** Every grant on the resource goes (it was deleted; a new one of the same name starts clean). */
  deleteGrantsOn(resource: GrantResource): Promise<void>;
  /** Grants follow a renamed model or dataset. */
  renameGrantResource(type: GrantResourceType, from: string, to: string): Promise<void>;
  hasServerRight(grantees: readonly Grantee[], right: ServerRight): Promise<boolean>;
  setServerRight(grantee: Grantee, right: ServerRight, held: boolean): Promise<void>;
}
