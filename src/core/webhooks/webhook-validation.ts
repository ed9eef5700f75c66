/** Checks of webhook fields, with messages in MLflow's style (INVALID_PARAMETER_VALUE). */
import { invalidParameter } from '../errors.js';
import { REGISTRY_EVENT_TYPES } from '../registry-event-types.js';
import { WEBHOOK_STATUSES, type WebhookEventName, type WebhookStatus } from './webhook-entities.js';
import { hasUrlCredentials, redactUrlCredentials } from './webhook-url-credentials.js';

export const MAX_WEBHOOK_NAME_LENGTH = 256;
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 5000;
export const MAX_WEBHOOK_SECRET_LENGTH = 1024;

export function validateWebhookName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw invalidParameter('Webhook name cannot be empty.');
  if (name.length > MAX_WEBHOOK_NAME_LENGTH) {
    throw invalidParameter(`Webhook name exceeds the maximum length of ${MAX_WEBHOOK_NAME_LENGTH} characters.`);
  }
  return name;
}

export function validateWebhookUrl(url: string): string {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) throw invalidParameter(`Webhook URL exceeds ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  const shown = redactUrlCredentials(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParameter(`Invalid webhook URL '${shown}': not an absolute URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidParameter(`Invalid webhook URL '${shown}': the scheme must be http or https.`);
  }
  if (hasUrlCredentials(url)) {
    throw invalidParameter(
      `Invalid webhook URL '${shown}': credentials in the URL (user:password@) are not allowed; ` +
        'set the webhook secret and verify X-MLflow-Signature instead.',
    );
  }
  return url;
}

export function validateWebhookEvents(events: readonly string[]): WebhookEventName[] {
  if (events.length === 0) throw invalidParameter('Webhook events cannot be empty.');
  const valid = new Set<string>(REGISTRY_EVENT_TYPES);
  for (const event of events) {
    if (!valid.has(event)) {
      throw invalidParameter(`Invalid webhook event '${event}'. Valid events: ${REGISTRY_EVENT_TYPES.join(', ')}.`);
    }
  }
  return [...new Set(events)] as WebhookEventName[];
}

export function validateWebhookStatus(status: string): WebhookStatus {
  if (!(WEBHOOK_STATUSES as readonly string[]).includes(status)) {
    throw invalidParameter(`Invalid webhook status '${status}'. Valid statuses: ${WEBHOOK_STATUSES.join(', ')}.`);
  }
  return status as WebhookStatus;
}

export function validateWebhookDescription(description: string): string {
  if (description.length > MAX_WEBHOOK_DESCRIPTION_LENGTH) {
    throw invalidParameter(`Webhook description exceeds ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters.`);
  }
  return description;
}

export function validateWebhookSecret(secret: string): string {
  if (secret.length > MAX_WEBHOOK_SECRET_LENGTH) throw invalidParameter(`Webhook secret exceeds ${MAX_WEBHOOK_SECRET_LENGTH} characters.`);
  return secret;
}
