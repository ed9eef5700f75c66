/**
 * Registers the route table with Fastify: one loop. Each body kind gets its own plugin scope
 * with its body parser (JSON objects, or the raw request stream for uploads); API routes go
 * through the one adapter, raw routes are mounted as they are. With authorization on, every
 * route gets the one permission check (auth/check-permission.ts) as its preHandler.
 */
import type { FastifyInstance } from 'fastify';
import type { AuthorizationService } from '../core/auth/authorization-service.js';
import { permissionCheck } from './auth/check-permission.js';
import { useRawBodyParser } from './artifacts/raw-body-parser.js';
import { useJsonBodyParser } from './json-body-parser.js';
import { apiRouteHandler } from './routes/api-route-handler.js';
import { ANY_METHOD, type RouteEntry } from './routes/route-entry.js';
import type { RoutePermission } from './auth/route-permission.js';

const BODY_PARSERS = { json: useJsonBodyParser, stream: useRawBodyParser } as const;

const bodyOf = (route: RouteEntry): keyof typeof BODY_PARSERS => (route.kind === 'api' ? 'json' : route.body);

/** What createApp's hooks learn about the route a request matched (see auth/identity-authenticator.ts). */
export interface TableRouteConfig {
  readonly inRouteTable: true;
  readonly permission: RoutePermission | undefined;
}

const routeConfig = (route: RouteEntry): TableRouteConfig => ({ inRouteTable: true, permission: route.permission });

export function mountRouteTable(app: FastifyInstance, table: readonly RouteEntry[], authorization?: AuthorizationService): void {
  for (const [body, useBodyParser] of Object.entries(BODY_PARSERS)) {
    void app.register(async (scope) => {
      useBodyParser(scope);
      for (const route of table) if (bodyOf(route) === body) mountRoute(scope, route, authorization);
    });
  }
}

function mountRoute(scope: FastifyInstance, route: RouteEntry, authorization: AuthorizationService | undefined): void {
  const handler = route.kind === 'api' ? apiRouteHandler(route.handler) : route.handler;
  const exposeHeadRoute = route.kind === 'raw' ? route.exposeHeadRoute : undefined;
  // Auth off: no hook at all, so the open server pays nothing per request.
  const preHandler = authorization === undefined ? undefined : permissionCheck(authorization, route);
  for (const url of route.urls) {
    // A fresh list each time: Fastify normalizes the methods in place.
    const method = route.methods === ANY_METHOD ? scope.supportedMethods : [...route.methods];
    // The permission rides in the route's config too: authentication reads it (only public routes admit anonymous callers).
    scope.route({ method, url, handler, exposeHeadRoute, preHandler, config: routeConfig(route) });
  }
}
