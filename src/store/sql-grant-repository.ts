/**
 * Adds authorization grants to the repository chain, below the gate results
 * (sql-gate-repository.ts, the whole MetadataRepository), so a creation and its creator's
 * manager grant can share one transaction.
 * A model's grants follow it: renamed with it, gone with it (a new model of the same name
 * starts with no grants), in the registry's own transaction.
 */
import type { Grant, GrantRepository, GrantResource, GrantResourceType, Grantee, ServerRight } from '../core/ports/grant-repository.js';
import * as grants from './grant-queries.js';
import { SqlIdentityRepository } from './sql-identity-repository.js';

export class SqlGrantRepository extends SqlIdentityRepository implements GrantRepository {
  override async renameRegisteredModel(name: string, newName: string, time: number): Promise<void> {
    await super.renameRegisteredModel(name, newName, time);
    await grants.renameGrantResource(this.db, 'model', name, newName);
  }
  override async deleteRegisteredModel(name: string): Promise<void> {
    await super.deleteRegisteredModel(name);
    await grants.deleteGrantsOn(this.db, { type: 'model', key: name });
  }
  listGrants(resource: GrantResource): Promise<Grant[]> {
    return grants.listGrants(this.db, resource);
  }
  grantsHeldBy(grantees: readonly Grantee[], type: GrantResourceType, key?: string): Promise<Grant[]> {
    return grants.grantsHeldBy(this.db, grantees, type, key);
  }
  putGrant(grant: Grant): Promise<void> {
    return grants.putGrant(this.db, grant);
  }
  deleteGrant(resource: GrantResource, grantee: Grantee): Promise<boolean> {
    return grants.deleteGrant(this.db, resource, grantee);
  }
  deleteGrantsOn(resource: GrantResource): Promise<void> {
    return grants.deleteGrantsOn(this.db, resource);
  }
  renameGrantResource(type: GrantResourceType, from: string, to: string): Promise<void> {
    return grants.renameGrantResource(this.db, type, from, to);
  }
  hasServerRight(grantees: readonly Grantee[], right: ServerRight): Promise<boolean> {
    return grants.hasServerRight(this.db, grantees, right);
  }
  setServerRight(grantee: Grantee, right: ServerRight, held: boolean): Promise<void> {
    return grants.setServerRight(this.db, grantee, right, held);
  }
}
