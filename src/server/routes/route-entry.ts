/**
 * One row of the route table (src/server/route-table.ts): a route as data. Whatever a route
 * needs beyond its handler is one more field of RouteCommon, so every route must state it: its
 * `permission` is the first such field.
 */
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { MLFLOW_API_PREFIXES } from '../../api/mlflow-tracking.js';
import type { RoutePermission } from '../auth/route-permission.js';
import type { ApiHandler } from './api-handler.js';

/** Every method Fastify knows: a route that answers whatever is asked (the disabled artifact API). */
export const ANY_METHOD = 'ANY';

interface RouteCommon {
  /** Unique in the table: the endpoint's name in its src/api table (`createRun`), or the route's own. */
  readonly name: string;
  readonly methods: readonly HTTPMethods[] | typeof ANY_METHOD;
  /** Full paths, `:param` and `*` as Fastify spells them; MLflow's routes stand under both prefixes. */
  readonly urls: readonly string[];
  /** What the caller must hold (auth/route-permission.ts), checked before the handler runs. */
  readonly permission: RoutePermission;
}

/** Fields in, one service call, JSON out: mounted through the one adapter (api-route-handler.ts). */
export interface ApiRoute extends RouteCommon {
  readonly kind: 'api';
  readonly handler: ApiHandler;
}

export type RawHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** A route that needs Fastify's request and reply itself: artifact streams, ranges, multipart uploads. */
export interface RawRoute extends RouteCommon {
  readonly kind: 'raw';
  /** `json`: a JSON object, read as API routes read it; `stream`: the request stream itself, unbuffered. */
  readonly body: 'json' | 'stream';
  /** A GET answers HEAD too unless this is false (downloads answer HEAD with their own route, or not at all). */
  readonly exposeHeadRoute?: false;
  readonly handler: RawHandler;
}

export type RouteEntry = ApiRoute | RawRoute;

/** `path` under each of MLflow's prefixes (`/api/2.0`, `/ajax-api/2.0`). */
export function mlflowUrls(path: string): string[] {
  return MLFLOW_API_PREFIXES.map((prefix) => `${prefix}${path}`);
}
