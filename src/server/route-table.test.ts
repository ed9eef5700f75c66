// Every route Fastify registers comes from the route table (or is one of createApp's own few),
// so a route cannot be added around the table — where the per-route permission will live.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createApp, type AppDeps } from './create-app.js';
import { buildRouteTable, type RouteDeps } from './route-table.js';
import { ANY_METHOD, type RouteEntry } from './routes/route-entry.js';

/**
 * createApp's own routes, outside the table: health, version, and the dashboard's app shell (its
 * static files and client-side-routing fallback serve the public page, never data; here the
 * dashboard is unbuilt, so the shell is `/` and the fallback `/*`).
 */
const OUTSIDE_THE_TABLE = [
  'GET /health', 'HEAD /health', 'GET /version', 'HEAD /version', 'GET /', 'HEAD /', 'GET /*', 'HEAD /*',
];
const UNBUILT_DASHBOARD = { dir: '/nonexistent/strata-dashboard' };

// Building and mounting the table calls no service: stand-ins do.
const standIn = <T>(fields: object = {}): T => fields as T;

function allServices(serveArtifacts: boolean): RouteDeps {
  return {
    tracking: standIn(),
    registry: standIn({ versions: {} }),
    datasets: standIn(),
    webhooks: standIn(),
    lineage: standIn(),
    gc: standIn(),
    version: '0.0.0-test',
    artifacts: { service: standIn(), serveArtifacts },
  };
}

const CONFIGURATIONS: Array<[string, AppDeps]> = [
  ['every service, artifacts served', allServices(true)],
  ['every service, --no-serve-artifacts', allServices(false)],
  ['tracking only', { tracking: standIn(), version: '0.0.0-test' }],
];

/** `METHOD url` of every route Fastify registers, as an onRoute hook sees them. */
async function registeredRoutes(deps: AppDeps): Promise<{ routes: string[]; app: FastifyInstance }> {
  const app = createApp({ ...deps, dashboard: UNBUILT_DASHBOARD });
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url ?? ''}`);
  });
  await app.ready();
  await app.close();
  return { routes, app };
}

/** Whether the table declares `method url`; a GET's HEAD is Fastify's unless the entry turns it off. */
function declares(table: readonly RouteEntry[], method: string, url: string): boolean {
  return table.some((route) => {
    if (!route.urls.includes(url)) return false;
    if (route.methods === ANY_METHOD) return true;
    const headOfGet = method === 'HEAD' && route.methods.includes('GET') && !(route.kind === 'raw' && route.exposeHeadRoute === false);
    return route.methods.some((m) => m === method) || headOfGet;
  });
}

describe('the route table', () => {
  for (const [label, deps] of CONFIGURATIONS) {
    it(`is every route Fastify registers (${label})`, async () => {
      const table = buildRouteTable(deps);
      const { routes, app } = await registeredRoutes(deps);
      for (const own of OUTSIDE_THE_TABLE) assert.ok(routes.includes(own), `${own} is registered where the hook sees it`);
      const around = routes.filter((route) => {
        const [method = '', url = ''] = route.split(' ');
        return !OUTSIDE_THE_TABLE.includes(route) && !declares(table, method, url);
      });
      assert.deepEqual(around, [], 'routes registered around the table');
      for (const route of table) {
        const methods = route.methods === ANY_METHOD ? app.supportedMethods : route.methods;
        for (const url of route.urls) for (const method of methods) assert.ok(routes.includes(`${method} ${url}`), `${method} ${url} (${route.name})`);
      }
    });
  }

  it('names each route once, and MLflow routes under both MLflow prefixes', () => {
    const table = buildRouteTable(allServices(true));
    const names = table.map((route) => route.name);
    assert.deepEqual(names.filter((name, i) => names.indexOf(name) !== i), []);
    const createRun = table.find((route) => route.name === 'createRun');
    assert.deepEqual(createRun?.urls, ['/api/2.0/mlflow/runs/create', '/ajax-api/2.0/mlflow/runs/create']);
    assert.deepEqual(table.find((route) => route.name === 'getWebhook')?.methods, ['GET']);
  });

  it('leaves out the routes of absent services', () => {
    const names = new Set(buildRouteTable({ tracking: standIn(), version: '0.0.0-test' }).map((route) => route.name));
    for (const name of ['getRegisteredModel', 'getDataset', 'createWebhook', 'lineage', 'runGc', 'downloadProxiedArtifact']) {
      assert.ok(!names.has(name), name);
    }
    assert.ok(names.has('createRun') && names.has('logModel') && names.has('listAuditEvents') && names.has('getVersion'));
  });
});
