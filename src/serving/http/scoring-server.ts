/**
 * The model server's HTTP face on bare node:http (fastify's per-request cost is a visible share of
 * a sub-millisecond model call): MLflow's scoring routes plus /metrics and the alias webhook, with
 * a body limit, a per-request timeout and a graceful close.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { ModelSlot, WebhookReceiver } from '../contracts.js';
import type { ServingMetrics } from './serving-metrics.js';

export interface ScoringServerOptions {
  slot: ModelSlot;
  /** Created when absent; pass one to share it with the follower's SwitchMetrics. */
  metrics?: ServingMetrics;
  /** Receives `POST /strata/webhook`; without it that route answers 404. */
  webhook?: WebhookReceiver;
  /** Largest request body accepted, in bytes (default 10 MB); larger is a 413 without buffering it. */
  bodyLimitBytes?: number;
  /** Longest a request may take, in ms (default 30,000); longer is a 503 in MLflow's error shape. */
  requestTimeoutMs?: number;
  /** Most rows one request may score (default 10,000); more is a 400. */
  maxRows?: number;
  /** pino logger for request lines; default: a pino logger at `logLevel`. */
  logger?: Logger;
  /** Level of the default logger (default 'info'; 'silent' in tests). */
  logLevel?: string;
}

export interface ScoringServer {
  readonly server: Server;
  readonly metrics: ServingMetrics;
  /** Starts listening; resolves with the bound port (0 picks a free one). */
  listen(port: number, host?: string): Promise<{ port: number; host: string; url: string }>;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export function createScoringServer(options: ScoringServerOptions): ScoringServer {
  void options;
  throw new Error('createScoringServer: not implemented yet');
}
