import type { HttpMethod } from '../api/mlflow-tracking.js';
import type { ReceivedApiError } from '../api/error.js';
import { StrataApiError, errorCodeForStatus } from './strata-api-error.js';
import { authorizationHeader, trimTrailingSlash } from './tracking-uri.js';
import {
  DEFAULT_RETRY,
  backoffDelayMs,
  networkErrorCode,
  retryAfterMs,
  shouldRetryNetworkError,
  shouldRetryStatus,
  type RequestSafety,
  type RetryOptions,
} from './retry-policy.js';

export type FetchFn = typeof fetch;

export interface HttpTransportOptions {
  trackingUri: string;
  username?: string;
  password?: string;
  /** An API token (Bearer); wins over username/password. */
  token?: string;
  fetch?: FetchFn;
  retry?: RetryOptions;
  /** Per attempt; a timed-out attempt counts as a network error. */
  timeoutMs?: number;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute path on the server, e.g. `/api/2.0/mlflow/runs/get`. */
  path: string;
  /** JSON body for POST, query parameters for GET. */
  body: object;
  safety: RequestSafety;
  /** Overrides the transport's per-attempt timeout, for calls known to run long. */
  timeoutMs?: number;
  /** One attempt, no retry: for what a process sends as it exits, when waiting out backoff would hold it up. */
  once?: boolean;
  /** The caller no longer wants the answer (a page left): the request is aborted and not retried. */
  signal?: AbortSignal;
}

type Attempt = { kind: 'done'; value: unknown } | { kind: 'retry'; error: StrataApiError; waitMs?: number };

/** Sends JSON requests, retries transient failures per retry-policy.ts, and turns failures into StrataApiError. */
export class HttpTransport {
  readonly trackingUri: string;
  private readonly fetchFn: FetchFn;
  private readonly authorization: string | undefined;
  private readonly retry: Required<RetryOptions>;
  private readonly timeoutMs: number;

  constructor(options: HttpTransportOptions) {
    this.trackingUri = trimTrailingSlash(options.trackingUri);
    // Bound late so a test or polyfill that replaces globalThis.fetch is honoured.
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.authorization = authorizationHeader(options);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  async send(request: HttpRequest): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      request.signal?.throwIfAborted();
      const result = await this.attempt(request);
      if (result.kind === 'done') return result.value;
      if (request.once || attempt >= this.retry.maxAttempts) throw result.error;
      await sleep(result.waitMs ?? backoffDelayMs(attempt - 1, this.retry));
    }
  }

  private async attempt(request: HttpRequest): Promise<Attempt> {
    let response: Response;
    try {
      response = await this.fetchFn(this.url(request), this.init(request));
    } catch (error) {
      // The caller's abort is its own decision: rethrown as it is (an AbortError), never retried.
      if (request.signal?.aborted) throw request.signal.reason;
      const failure = this.networkFailure(error);
      if (shouldRetryNetworkError(error, request.safety)) return { kind: 'retry', error: failure };
      throw failure;
    }
    if (response.ok) return { kind: 'done', value: await readJson(response) };
    const failure = await toApiError(response);
    if (!shouldRetryStatus(response.status, request.safety)) throw failure;
    const waitMs = retryAfterMs(response.headers.get('retry-after'), this.retry.maxDelayMs);
    return waitMs === undefined ? { kind: 'retry', error: failure } : { kind: 'retry', error: failure, waitMs };
  }

  /**
   * One GET that is not JSON (an artifact's bytes): the transport's authorization and
   * timeout, no retry; a failed answer becomes a StrataApiError. The caller reads the body.
   */
  async getRaw(pathAndQuery: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (this.authorization !== undefined) all.authorization = this.authorization;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchFn(`${this.trackingUri}${pathAndQuery}`, { method: 'GET', headers: all, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      throw this.networkFailure(error);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  private url(request: HttpRequest): string {
    const base = `${this.trackingUri}${request.path}`;
    if (request.method !== 'GET') return base;
    const query = toQueryString(request.body);
    return query === '' ? base : `${base}?${query}`;
  }

  private init(request: HttpRequest): RequestInit {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    const timeout = AbortSignal.timeout(request.timeoutMs ?? this.timeoutMs);
    const init: RequestInit = { method: request.method, headers, signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout };
    if (request.method !== 'GET') {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    return init;
  }

  private networkFailure(error: unknown): StrataApiError {
    const detail = networkErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    return new StrataApiError(0, 'NETWORK_ERROR', `cannot reach ${this.trackingUri}: ${detail}`, { cause: error });
  }
}

/** GET fields as MLflow reads them: arrays as repeated keys, absent fields left out. */
export function toQueryString(fields: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null) params.append(key, String(v));
  }
  return params.toString();
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new StrataApiError(response.status, 'INTERNAL_ERROR', `server sent a response that is not JSON: ${text.slice(0, 200)}`);
  }
}

async function toApiError(response: Response): Promise<StrataApiError> {
  const text = await response.text().catch(() => '');
  const body = parseErrorBody(text);
  const code = body?.error_code ?? errorCodeForStatus(response.status);
  const message = body?.message ?? (text.trim().slice(0, 200) || `HTTP ${response.status} ${response.statusText}`);
  return new StrataApiError(response.status, code, message, body?.details === undefined ? undefined : { details: body.details });
}

function parseErrorBody(text: string): Partial<ReceivedApiError> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { error_code, message, details } = parsed as Record<string, unknown>;
    return {
      ...(typeof error_code === 'string' ? { error_code } : {}),
      ...(typeof message === 'string' ? { message } : {}),
      ...(typeof details === 'object' && details !== null && !Array.isArray(details) ? { details: details as Record<string, unknown> } : {}),
    };
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
