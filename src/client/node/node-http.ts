/**
 * Artifact bytes over node:http(s): streamed request and response bodies through a
 * keep-alive agent of at most MAX_SOCKETS connections per server, with retries of
 * transient failures. (fetch would do, but node:http streams large files at close to
 * disk speed and lets uploads declare their Content-Length.)
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StrataApiError, errorCodeForStatus } from '../strata-api-error.js';
import { DEFAULT_RETRY, backoffDelayMs, networkErrorCode } from '../retry-policy.js';

/** Parallel transfers per server; also the agent's connection limit. */
export const MAX_SOCKETS = 16;

const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS, scheduling: 'lifo' as const };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export interface NodeRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  url: string;
  headers?: OutgoingHttpHeaders;
  /** A buffer, or a function opening a fresh stream for each attempt (retries re-read the file). */
  body?: Buffer | (() => Readable);
}

/** Sends `req` and resolves with a 2xx response (body unread); retries transient failures. */
export async function send(req: NodeRequest, maxAttempts = DEFAULT_RETRY.maxAttempts): Promise<IncomingMessage> {
  for (let attempt = 1; ; attempt++) {
    let failure: StrataApiError;
    try {
      const response = await sendOnce(req);
      if (response.statusCode! >= 200 && response.statusCode! < 300) return response;
      failure = await toApiError(response);
      if (!RETRYABLE_STATUSES.has(failure.status)) throw failure;
    } catch (error) {
      if (error instanceof StrataApiError && error.status !== 0 && !RETRYABLE_STATUSES.has(error.status)) throw error;
      failure = error instanceof StrataApiError ? error : networkFailure(req.url, error);
    }
    if (attempt >= maxAttempts) throw failure;
    await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(attempt - 1, DEFAULT_RETRY)));
  }
}

/** Sends `req` and parses the JSON answer. */
export async function sendForJson(req: NodeRequest): Promise<unknown> {
  const text = await readText(await send(req));
  return text === '' ? {} : JSON.parse(text);
}

function sendOnce(req: NodeRequest): Promise<IncomingMessage> {
  const url = new URL(req.url);
  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (isHttps ? httpsRequest : httpRequest)(url, {
      method: req.method,
      headers: req.headers,
      agent: isHttps ? httpsAgent : httpAgent,
    });
    outgoing.once('response', resolve);
    outgoing.once('error', reject);
    if (req.body === undefined || Buffer.isBuffer(req.body)) {
      outgoing.end(req.body);
      return;
    }
    // An early answer (say 400 on a bad path) ends the exchange; the rest of the body is moot.
    pipeline(req.body(), outgoing).catch(reject);
  });
}

export async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function toApiError(response: IncomingMessage): Promise<StrataApiError> {
  const status = response.statusCode ?? 0;
  const text = await readText(response).catch(() => '');
  let code: string = errorCodeForStatus(status);
  let message = text.trim().slice(0, 200) || `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === 'string') code = body.error_code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not an MLflow error body (a proxy's page, say): keep the status-derived code.
  }
  return new StrataApiError(status, code, message);
}

function networkFailure(url: string, error: unknown): StrataApiError {
  const detail = networkErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new StrataApiError(0, 'NETWORK_ERROR', `cannot reach ${new URL(url).origin}: ${detail}`, { cause: error });
}
