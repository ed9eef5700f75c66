/** Authorization grants: a few rows per resource and per grantee, read by either side. */
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../core/auth/principal.js';
import type { Grant, GrantResource, GrantResourceType, Grantee, GranteeType, ServerRight } from '../core/ports/grant-repository.js';
import type { Database, GrantsTable } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

function toGrant(row: Selectable<GrantsTable>): Grant {
  return {
    resource: { type: row.resource_type as GrantResourceType, key: row.resource_key },
    grantee: { type: row.principal_type as GranteeType, name: row.principal_name },
    role: row.role as Role,
    grantedBy: row.granted_by,
    grantedTime: Number(row.granted_time),
  };
}

export async function listGrants(db: Db, resource: GrantResource): Promise<Grant[]> {
  const rows = await db
    .selectFrom('grants')
    .selectAll()
    .where('resource_type', '=', resource.type)
    .where('resource_key', '=', resource.key)
    // 'group' < 'user': descending puts users first.
    .orderBy('principal_type', 'desc')
    .orderBy('principal_name')
    .execute();
  return rows.map(toGrant);
}

/**
 * A principal's grants on one resource: asked by the permission check on most requests, so
 * compiled once per number of grantees (statement-template.ts). Arguments: type, key, then
 * each grantee's type and name.
 */
const GRANTS_ON = new StatementTemplate((db, args: readonly string[]) => {
  const [type = '', key = '', ...flat] = args;
  const pairs = Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i] ?? '', flat[2 * i + 1] ?? ''] as const);
  return db
    .selectFrom('grants')
    .selectAll()
    .where('resource_type', '=', type)
    .where('resource_key', '=', key)
    .where((eb) => eb.or(pairs.map(([granteeType, name]) => eb.and([eb('principal_type', '=', granteeType), eb('principal_name', '=', name)]))));
});

/**
 * A principal's grants on every resource of one type (its readable set): type, then grantee
 * pairs. One branch per grantee, joined by UNION ALL, and no ORDER BY: SQLite plans an OR of
 * grantees, or a sorted result, as a walk of the primary key over every grant of the type
 * (every search paid for all users' grants); each branch alone is a grants_grantee_idx lookup.
 */
const GRANTS_OF_TYPE = new StatementTemplate((db, args: readonly string[]) => {
  const [type = '', ...flat] = args;
  const ofGrantee = (i: number) =>
    db
      .selectFrom('grants')
      .selectAll()
      .where('principal_type', '=', flat[2 * i] ?? '')
      .where('principal_name', '=', flat[2 * i + 1] ?? '')
      .where('resource_type', '=', type);
  let query = ofGrantee(0);
  for (let i = 1; i < flat.length / 2; i++) query = query.unionAll(ofGrantee(i));
  return query;
});

const byResourceKey = (a: Grant, b: Grant) => (a.resource.key < b.resource.key ? -1 : a.resource.key > b.resource.key ? 1 : 0);

export async function grantsHeldBy(db: Db, grantees: readonly Grantee[], type: GrantResourceType, key?: string): Promise<Grant[]> {
  if (grantees.length === 0) return [];
  const pairs = grantees.flatMap((g) => [g.type, g.name]);
  if (key !== undefined) return (await GRANTS_ON.rows(db, [type, key, ...pairs])).map(toGrant);
  return (await GRANTS_OF_TYPE.rows(db, [type, ...pairs])).map(toGrant).sort(byResourceKey);
}

export async function putGrant(db: Db, grant: Grant): Promise<void> {
  await db
    .insertInto('grants')
    .values({
      resource_type: grant.resource.type,
      resource_key: grant.resource.key,
      principal_type: grant.grantee.type,
      principal_name: grant.grantee.name,
      role: grant.role,
      granted_by: grant.grantedBy,
      granted_time: grant.grantedTime,
    })
    .onConflict((oc) =>
      oc
        .columns(['resource_type', 'resource_key', 'principal_type', 'principal_name'])
        .doUpdateSet({ role: grant.role, granted_by: grant.grantedBy, granted_time: grant.grantedTime }),
    )
    .execute();
}

export async function deleteGrant(db: Db, resource: GrantResource, grantee: Grantee): Promise<boolean> {
  const result = await db
    .deleteFrom('grants')
    .where('resource_type', '=', resource.type)
    .where('resource_key', '=', resource.key)
    .where('principal_type', '=', grantee.type)
    .where('principal_name', '=', grantee.name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteGrantsOn(db: Db, resource: GrantResource): Promise<void> {
  await db.deleteFrom('grants').where('resource_type', '=', resource.type).where('resource_key', '=', resource.key).execute();
}

export async function renameGrantResource(db: Db, type: GrantResourceType, from: string, to: string): Promise<void> {
  await db.updateTable('grants').set({ resource_key: to }).where('resource_type', '=', type).where('resource_key', '=', from).execute();
}

export async function hasServerRight(db: Db, grantees: readonly Grantee[], right: ServerRight): Promise<boolean> {
  if (grantees.length === 0) return false;
  const row = await db
    .selectFrom('server_rights')
    .select('server_right')
    .where('server_right', '=', right)
    .where((eb) => eb.or(grantees.map((g) => eb.and([eb('principal_type', '=', g.type), eb('principal_name', '=', g.name)]))))
    .executeTakeFirst();
  return row !== undefined;
}

export async function setServerRight(db: Db, grantee: Grantee, right: ServerRight, held: boolean): Promise<void> {
  const row = { principal_type: grantee.type, principal_name: grantee.name, server_right: right };
  if (held) {
    await db.insertInto('server_rights').values(row).onConflict((oc) => oc.doNothing()).execute();
    return;
  }
  await db
    .deleteFrom('server_rights')
    .where('principal_type', '=', row.principal_type)
    .where('principal_name', '=', row.principal_name)
    .where('server_right', '=', right)
    .execute();
}
