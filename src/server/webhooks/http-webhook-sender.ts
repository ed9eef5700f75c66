/**
 * The WebhookSender over node:http(s): MLflow 3's envelope and headers (X-MLflow-Delivery-Id,
 * X-MLflow-Timestamp, and X-MLflow-Signature when the webhook has a secret), a timeout per
 * attempt, redirects not followed, and only a short excerpt of the response kept. Every
 * send asks the destination guard first and connects to the addresses it approved; a
 * refused destination is an error result and nothing is sent. Never throws: refused,
 * timed out and aborted are results.
 */
import {
  WEBHOOK_DELIVERY_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../../api/mlflow-webhooks.js';
import type { WebhookMessage, WebhookSender, WebhookSendResult } from '../../core/ports/webhook-sender.js';
import { responseExcerpt } from '../../core/webhooks/delivery-policy.js';
import { signWebhookPayload } from '../../core/webhooks/webhook-signature.js';
import { envelopeText } from '../mappers/webhook-mapper.js';
import { pinnedPost } from './pinned-http-post.js';
import type { DestinationCheck, WebhookDestinationGuard } from './webhook-destination-guard.js';

/** Bytes of a response read at most, whatever its length: enough for any excerpt, never a whole download. */
export const MAX_RESPONSE_READ_BYTES = 4 * 1024;

export interface HttpWebhookSenderOptions {
  /** Characters of the response body kept (at most MAX_RESPONSE_READ_BYTES are read). */
  maxResponseChars: number;
  destinations: WebhookDestinationGuard;
  /** Seconds since the epoch for X-MLflow-Timestamp; tests may pin it. */
  nowSeconds?: () => number;
}

function describeError(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return typeof message === 'string' && message !== '' ? `${code}: ${message}` : code;
  return error instanceof Error ? error.message : String(error);
}

async function headersFor(message: WebhookMessage, body: string, timestamp: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Strata-Webhooks/1',
    [WEBHOOK_DELIVERY_ID_HEADER]: message.deliveryId,
    [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
  };
  if (message.secret) headers[WEBHOOK_SIGNATURE_HEADER] = await signWebhookPayload(message.secret, message.deliveryId, timestamp, body);
  return headers;
}

/** Resolves with `work`, or rejects as soon as `signal` aborts (a DNS lookup cannot be cancelled, only left behind). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createHttpWebhookSender(options: HttpWebhookSenderOptions): WebhookSender {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return {
    async send(message, { timeoutMs, signal }): Promise<WebhookSendResult> {
      const body = envelopeText(message.event, message.payload, message.eventTime);
      const headers = await headersFor(message, body, String(nowSeconds()));
      const timeout = AbortSignal.timeout(timeoutMs);
      const either = signal ? AbortSignal.any([timeout, signal]) : timeout;
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const destination: DestinationCheck = await unlessAborted(options.destinations.check(message.url), either);
        if (!destination.allowed) {
          return { statusCode: null, responseBody: null, error: `destination refused: ${destination.reason}`, durationMs: elapsed(), aborted: false };
        }
        const url = new URL(message.url);
        const response = await pinnedPost({ url, addresses: destination.addresses, headers, body, signal: either, maxReadBytes: MAX_RESPONSE_READ_BYTES });
        const responseBody = responseExcerpt(response.bodyStart, options.maxResponseChars, response.hasMore);
        return { statusCode: response.statusCode, responseBody, error: null, durationMs: elapsed(), aborted: false };
      } catch (error) {
        const aborted = Boolean(signal?.aborted) && !timeout.aborted;
        const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : aborted ? 'aborted: server shutting down' : describeError(error);
        return { statusCode: null, responseBody: null, error: reason, durationMs: elapsed(), aborted };
      }
    },
  };
}
