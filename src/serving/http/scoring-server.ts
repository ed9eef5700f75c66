/**
 * The model server's HTTP face on bare node:http (a framework's per-request cost is a visible
 * share of a sub-millisecond model call): MLflow's scoring routes plus /metrics and the alias
 * webhook, with a body limit, a per-request timeout, one pino line per request and a graceful
 * close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { ErrorCode } from '../../api/error.js';
import type { ModelSlot, WebhookReceiver } from '../contracts.js';
import { parseScoringRequest, scoringContentType } from '../scoring/parse-scoring-request.js';
import { ScoringError, badRequest } from '../scoring/scoring-error.js';
import { createServingMetrics, type ServingMetrics } from './serving-metrics.js';

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
  /** pino logger for request lines; default: a pino logger at `logLevel` on stdout. */
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

export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ROWS = 10_000;
const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

const ROUTES = new Set(['/invocations', '/ping', '/health', '/version', '/metrics', '/strata/webhook']);

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  route: string;
  started: bigint;
}

export function createScoringServer(options: ScoringServerOptions): ScoringServer {
  const { slot, webhook } = options;
  const metrics = options.metrics ?? createServingMetrics();
  const logger = options.logger ?? pino({ level: options.logLevel ?? 'info', base: undefined });
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const startedAt = Date.now();
  let closing = false;
  let inFlight = 0;
  let labelledVersion: string | undefined;

  const send = (ex: Exchange, status: number, body: string, contentType: string): void => {
    const { res } = ex;
    if (res.headersSent || res.writableEnded) return; // already answered (timed out)
    const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
    if (closing) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  };

  const sendJson = (ex: Exchange, status: number, value: unknown): void => send(ex, status, JSON.stringify(value), 'application/json');

  const sendError = (ex: Exchange, status: number, errorCode: ErrorCode, message: string): void => {
    sendJson(ex, status, { error_code: errorCode, message });
  };

  const fail = (ex: Exchange, error: unknown): void => {
    if (error instanceof ScoringError) {
      sendError(ex, error.status, error.errorCode, error.message);
      return;
    }
    logger.error({ err: error, route: ex.route }, 'scoring request failed');
    sendError(ex, 500, 'INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
  };

  /**
   * Reads the body up to `limit` bytes. Past the limit it answers 413 at once and stops keeping
   * what arrives (node discards the rest), so a 100 MB upload costs no memory.
   */
  const readBody = (ex: Exchange, limit: number, expectContinue: boolean): Promise<Buffer | undefined> => {
    const { req } = ex;
    const tooLarge = (): void => {
      ex.res.shouldKeepAlive = false;
      sendError(ex, 413, 'BAD_REQUEST', `Request body is larger than the ${limit} byte limit`);
    };
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limit) {
      tooLarge();
      req.resume();
      return Promise.resolve(undefined);
    }
    if (expectContinue) ex.res.writeContinue();
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > limit) {
          over = true;
          chunks.length = 0;
          tooLarge();
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!over) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      });
      req.on('error', reject);
    });
  };

  const invocations = async (ex: Exchange, expectContinue: boolean): Promise<void> => {
    if (ex.req.method !== 'POST') {
      sendError(ex, 405, 'BAD_REQUEST', `${ex.req.method ?? ''} ${ex.route} is not allowed; use POST`);
      ex.req.resume();
      return;
    }
    const type = scoringContentType(ex.req.headers['content-type']);
    const body = await readBody(ex, bodyLimit, expectContinue);
    if (!body) return;
    const lease = slot.lease();
    if (!lease) {
      sendError(ex, 503, 'TEMPORARILY_UNAVAILABLE', 'No model is loaded yet; retry when /ping answers 200');
      return;
    }
    try {
      const parsed = parseScoringRequest(body.toString('utf8'), type);
      if (parsed.rowCount > maxRows) throw badRequest(`The request has ${parsed.rowCount} rows; this server scores at most ${maxRows} per request`);
      const predictions = await lease.model.predict(parsed.frame);
      send(ex, 200, `{"predictions":${JSON.stringify(predictions)}}`, 'application/json');
    } finally {
      lease.release();
    }
  };

  const health = (ex: Exchange): void => {
    const model = slot.current();
    const uptime = Math.round((Date.now() - startedAt) / 1000);
    if (!model) sendJson(ex, 503, { status: 'loading', version: null, model_uri: null, uptime });
    else sendJson(ex, 200, { status: 'ok', version: model.version, model_uri: model.modelUri, uptime });
  };

  const metricsRoute = async (ex: Exchange): Promise<void> => {
    const model = slot.current();
    if (model && model.version !== labelledVersion) {
      labelledVersion = model.version;
      metrics.setServedVersion(model.version, model.modelUri);
    }
    const { contentType, body } = await metrics.render();
    send(ex, 200, body, contentType);
  };

  const webhookRoute = async (ex: Exchange, expectContinue: boolean): Promise<void> => {
    if (!webhook || ex.req.method !== 'POST') {
      sendError(ex, 404, 'ENDPOINT_NOT_FOUND', `No route for ${ex.req.method ?? ''} ${ex.route}`);
      ex.req.resume();
      return;
    }
    const body = await readBody(ex, WEBHOOK_BODY_LIMIT_BYTES, expectContinue);
    if (!body) return;
    const status = await webhook(body, ex.req.headers);
    sendJson(ex, status, {});
  };

  const dispatch = (ex: Exchange, expectContinue: boolean): Promise<void> | void => {
    const isGet = ex.req.method === 'GET' || ex.req.method === 'HEAD';
    switch (ex.route) {
      case '/invocations':
        return invocations(ex, expectContinue);
      case '/strata/webhook':
        return webhookRoute(ex, expectContinue);
      case '/ping':
        if (!isGet) break;
        // MLflow's /ping answers a bare newline; 503 until a model is loaded so a balancer waits.
        if (slot.current()) send(ex, 200, '\n', 'text/plain; charset=utf-8');
        else send(ex, 503, 'no model loaded\n', 'text/plain; charset=utf-8');
        return;
      case '/health':
        if (!isGet) break;
        return health(ex);
      case '/version': {
        if (!isGet) break;
        const model = slot.current();
        if (model) send(ex, 200, model.version, 'text/plain; charset=utf-8');
        else sendError(ex, 503, 'TEMPORARILY_UNAVAILABLE', 'No model is loaded yet');
        return;
      }
      case '/metrics':
        if (!isGet) break;
        return metricsRoute(ex);
      default:
        break;
    }
    sendError(ex, 404, 'ENDPOINT_NOT_FOUND', `No route for ${ex.req.method ?? ''} ${ex.route}`);
    ex.req.resume();
  };

  const handle = (req: IncomingMessage, res: ServerResponse, expectContinue: boolean): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const ex: Exchange = { req, res, route: ROUTES.has(path) ? path : 'unknown', started: process.hrtime.bigint() };
    inFlight += 1;
    const timer = setTimeout(() => {
      sendError(ex, 503, 'TEMPORARILY_UNAVAILABLE', `The request did not finish within ${timeoutMs} ms`);
    }, timeoutMs);
    res.on('close', () => {
      clearTimeout(timer);
      inFlight -= 1;
      const seconds = Number(process.hrtime.bigint() - ex.started) / 1e9;
      const status = res.headersSent ? res.statusCode : 499; // 499: the client went away first
      metrics.observeRequest(ex.route, status, seconds);
      logger.info({ method: req.method, url, status, ms: Math.round(seconds * 1e6) / 1e3, version: slot.current()?.version }, 'request');
      if (closing) server.closeIdleConnections();
    });
    let pending: Promise<void> | void;
    try {
      pending = dispatch(ex, expectContinue);
    } catch (error) {
      fail(ex, error);
      ex.req.resume();
      return;
    }
    if (pending) pending.catch((error: unknown) => fail(ex, error));
  };

  const server = createServer((req, res) => handle(req, res, false));
  // Answer a too-large Expect: 100-continue upload (curl sends one above 1 MB) before it is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));

  return {
    server,
    metrics,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ port: address.port, host: address.address, url: `http://${shown}:${address.port}` });
        });
      });
    },
    close() {
      closing = true;
      return new Promise((resolve) => {
        // A request still running after its own timeout cannot hold the process forever.
        const hardStop = setTimeout(() => server.closeAllConnections(), timeoutMs + 1000);
        hardStop.unref();
        server.close(() => {
          clearTimeout(hardStop);
          resolve();
        });
        server.closeIdleConnections();
        if (inFlight === 0) server.closeIdleConnections();
      });
    },
  };
}
