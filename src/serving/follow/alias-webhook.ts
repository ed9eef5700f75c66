/**
 * The registry webhook that tells this process the alias moved: created at start on the
 * tracking server for `model_version_alias.created` (MLflow's event for setting an alias,
 * moves included), pointing at `<public URL>/strata/webhook`, signed with a secret made here and
 * known to no one else; deleted at shutdown. Webhooks are not per model, so the receiver filters
 * deliveries by model and alias.
 */
import { randomBytes } from 'node:crypto';
import { WebhookClient } from '../../client/webhook-client.js';
import type { HttpTransportOptions } from '../../client/http-transport.js';

export const WEBHOOK_PATH = '/strata/webhook';

export interface AliasWebhook {
  readonly id: string;
  delete(): Promise<void>;
}

/** A fresh random secret for one process's webhook. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

export async function createAliasWebhook(
  tracking: HttpTransportOptions,
  { name, publicUrl, secret }: { name: string; publicUrl: string; secret: string },
): Promise<AliasWebhook> {
  const client = new WebhookClient({ ...tracking, retry: { maxAttempts: 1 } });
  const { webhook } = await client.createWebhook({
    name,
    url: `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`,
    events: [{ entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' }],
    description: 'strata serve: follows a model alias (deleted when the process stops)',
    secret,
  });
  return { id: webhook.webhook_id, delete: () => client.deleteWebhook(webhook.webhook_id) };
}
