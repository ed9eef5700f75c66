/**
 * The WebhookSender over fetch: MLflow 3's envelope and headers (X-MLflow-Delivery-Id,
 * X-MLflow-Timestamp, and X-MLflow-Signature when the webhook has a secret), a timeout per
 * attempt, redirects not followed, and at most a bounded slice of the response read.
 * Never throws: refused, timed out and aborted are results.
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

/** Bytes of a response read at most, whatever its length: enough for any excerpt, never a whole download. */
export const MAX_RESPONSE_READ_BYTES = 4 * 1024;

export interface HttpWebhookSenderOptions {
  /** Characters of the response body kept (at most MAX_RESPONSE_READ_BYTES are read). */
  maxResponseChars: number;
  /** Seconds since the epoch for X-MLflow-Timestamp; tests may pin it. */
  nowSeconds?: () => number;
}

/** An excerpt of the body from at most MAX_RESPONSE_READ_BYTES; the rest is never read. */
async function readExcerpt(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    if (length >= MAX_RESPONSE_READ_BYTES) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = Buffer.concat(chunks);
  const text = new TextDecoder().decode(bytes.subarray(0, MAX_RESPONSE_READ_BYTES));
  return responseExcerpt(text, maxChars, bytes.length > MAX_RESPONSE_READ_BYTES);
}

function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
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

export function createHttpWebhookSender(options: HttpWebhookSenderOptions): WebhookSender {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return {
    async send(message, { timeoutMs, signal }): Promise<WebhookSendResult> {
      const body = envelopeText(message.event, message.payload, message.eventTime);
      const headers = await headersFor(message, body, String(nowSeconds()));
      const timeout = AbortSignal.timeout(timeoutMs);
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const response = await fetch(message.url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
        const responseBody = await readExcerpt(response, options.maxResponseChars);
        return { statusCode: response.status, responseBody, error: null, durationMs: elapsed(), aborted: false };
      } catch (error) {
        const aborted = Boolean(signal?.aborted) && !timeout.aborted;
        const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : aborted ? 'aborted: server shutting down' : describeError(error);
        return { statusCode: null, responseBody: null, error: reason, durationMs: elapsed(), aborted };
      }
    },
  };
}
