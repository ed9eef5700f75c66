/**
 * MLflow 3's webhook signature (Standard Webhooks style): HMAC-SHA256 with the webhook's
 * secret over `<delivery id>.<unix seconds>.<body>`, sent as `v1,<base64 digest>` in
 * X-MLflow-Signature. Uses Web Crypto, so core stays free of node:*.
 */
export const WEBHOOK_SIGNATURE_VERSION = 'v1';

const encoder = new TextEncoder();

function toBase64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmacSha256(secret: string, content: string): Promise<ArrayBuffer> {
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(content));
}

/** The X-MLflow-Signature value for one attempt. */
export async function signWebhookPayload(secret: string, deliveryId: string, timestamp: string, body: string): Promise<string> {
  return `${WEBHOOK_SIGNATURE_VERSION},${toBase64(await hmacSha256(secret, `${deliveryId}.${timestamp}.${body}`))}`;
}

/** What a receiver does: recompute and compare (length-independent, constant-time over the bytes). */
export async function verifyWebhookSignature(
  secret: string,
  deliveryId: string,
  timestamp: string,
  body: string,
  signature: string,
): Promise<boolean> {
  const expected = await signWebhookPayload(secret, deliveryId, timestamp, body);
  if (expected.length !== signature.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return difference === 0;
}
