/**
 * Every route of the table states what its caller needs: built with every optional service
 * present (authorization included, so the permissions APIs are walked too), with and without
 * served artifacts, each route must carry a well-formed permission. TypeScript already requires
 * the field; this walk catches a route that slips through with a cast or an empty locator.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../../core/auth/principal.js';
import { buildRouteTable, type RouteDeps } from '../route-table.js';
import type { RouteEntry } from '../routes/route-entry.js';
import type { RoutePermission } from './route-permission.js';

const standIn = <T>(fields: object = {}): T => fields as T;

function everyService(serveArtifacts: boolean): RouteDeps {
  return {
    tracking: standIn(),
    registry: standIn({ versions: {} }),
    datasets: standIn(),
    webhooks: standIn(),
    lineage: standIn(),
    deployments: standIn(),
    gc: standIn(),
    authorization: standIn(),
    version: '0.0.0-test',
    artifacts: { service: standIn(), serveArtifacts },
  };
}

function problemOf(permission: RoutePermission | undefined): string | undefined {
  if (permission === undefined) return 'no permission';
  switch (permission.kind) {
    case 'public':
    case 'admin':
      return undefined;
    case 'signed-in':
      return ['read', 'write', 'admin'].includes(permission.scope) ? undefined : `bad scope ${String(permission.scope)}`;
    case 'filtered':
      return undefined;
    case 'named-resource':
      return ROLES.includes(permission.role) ? undefined : 'bad role';
    case 'all':
      return permission.of.length > 0 && permission.of.every((p) => problemOf(p) === undefined) ? undefined : 'bad combination';
    default:
      if (!ROLES.includes(permission.role)) return 'bad role';
      return typeof permission.locate === 'object' ? undefined : 'no locator';
  }
}

const isRead = (route: RouteEntry) => route.methods !== 'ANY' && route.methods.every((m) => m === 'GET' || m === 'HEAD');

describe('route permissions', () => {
  for (const serveArtifacts of [true, false]) {
    it(`every route declares a permission (artifacts served: ${serveArtifacts})`, () => {
      const table = buildRouteTable(everyService(serveArtifacts));
      assert.ok(table.length > 80, `expected the whole table, got ${table.length} routes`);
      const missing = table
        .map((route) => [route.name, problemOf((route as Partial<RouteEntry>).permission)] as const)
        .filter(([, problem]) => problem !== undefined);
      assert.deepEqual(missing, []);
    });
  }

  it('reads never need more than viewer, so a read-scoped token can use every one of them', () => {
    const table = buildRouteTable(everyService(true));
    const strict = table.filter((route) => {
      if (!isRead(route)) return false;
      const p = route.permission;
      // Managing permissions (MLflow's permissions/get, Strata's list) is management, even over GET.
      if (/[Pp]ermission/.test(route.name)) return false;
      return 'role' in p && p.role !== 'viewer';
    });
    assert.deepEqual(strict.map((r) => r.name), []);
  });

  it('only the version and the disabled artifact API are public; gc, webhook creation and the auditor right are admins’', () => {
    const table = buildRouteTable({ ...everyService(false) });
    const publicRoutes = table.filter((r) => r.permission.kind === 'public').map((r) => r.name).sort();
    assert.deepEqual(publicRoutes, ['getVersion', 'proxiedArtifactsDisabled']);
    const adminRoutes = [...new Set(table.filter((r) => r.permission.kind === 'admin').map((r) => r.name))].sort();
    assert.deepEqual(adminRoutes, ['createWebhook', 'runGc', 'setAuditor']);
  });
});
