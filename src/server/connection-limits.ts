/**
 * Socket-level limits of the HTTP server: how long a client may take to send its headers
 * and its body, and how many connections may be open at once. A slow or idle client holds
 * a socket and a file descriptor; without limits a few thousand of them starve everyone.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { DEFAULT_BODY_IDLE_TIMEOUT_MS, useBodyIdleTimeout } from './body-idle-timeout.js';

export const DEFAULT_MAX_CONNECTIONS = 1024;
/** Node's own default, kept when the body idle timeout is off. */
const NODE_HEADERS_TIMEOUT_MS = 60_000;

export interface ConnectionLimits {
  /** No body byte for this long: 408 and the connection closed (0 = never; default 30 s). */
  bodyIdleTimeoutMs?: number;
  /** Connections open at once; more are closed on arrival (0 = no cap; default 1024). */
  maxConnections?: number;
}

/**
 * Options for Fastify's Node server. The request line and headers must arrive within the
 * body idle timeout (they are a few KiB: one slow read at most). requestTimeout stays 0
 * (Fastify's default): it bounds the whole request, which would cut long, steady uploads.
 * Node checks these deadlines every connectionsCheckingInterval (30 s by default, which
 * would let a slow client overstay by that much), so the check runs at least every second.
 */
export function connectionServerOptions(limits: ConnectionLimits): Pick<FastifyServerOptions, 'requestTimeout'> & {
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  const idleMs = limits.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS;
  const headersTimeout = idleMs > 0 ? idleMs : NODE_HEADERS_TIMEOUT_MS;
  const connectionsCheckingInterval = Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4)));
  return { requestTimeout: 0, http: { headersTimeout, connectionsCheckingInterval } };
}

export function applyConnectionLimits(app: FastifyInstance, limits: ConnectionLimits): void {
  const maxConnections = limits.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // Node closes connections beyond the cap as they are accepted, before any byte is read.
  if (maxConnections > 0) app.server.maxConnections = maxConnections;
  useBodyIdleTimeout(app, limits.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS);
}
