/**
 * The creator of an experiment, registered model, dataset or webhook becomes its manager, as
 * with MLflow's auth plugin. Granted right after the creation answers (not in its transaction:
 * the services know actors, not principals); a failed grant fails the request, and the
 * resource stays reachable to admins, who can grant it.
 */
import type { GrantResource } from '../../core/ports/grant-repository.js';
import type { ApiHandler } from '../routes/api-handler.js';

type Answer = Record<string, unknown>;

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Answer)[key] : undefined;

const asKey = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Where each creating endpoint's answer names what it created. */
const CREATED: Record<string, (answer: unknown) => GrantResource | undefined> = {
  createExperiment: (answer) => key('experiment', asKey(field(answer, 'experiment_id'))),
  createRegisteredModel: (answer) => key('model', asKey(field(field(answer, 'registered_model'), 'name'))),
  // Registering version 1 creates the dataset itself.
  registerDatasetVersion: (answer) => {
    const version = field(answer, 'dataset_version');
    return field(answer, 'created') === true && field(version, 'version') === 1 ? key('dataset', asKey(field(version, 'name'))) : undefined;
  },
  createWebhook: (answer) => key('webhook', asKey(field(field(answer, 'webhook'), 'webhook_id'))),
};

function key(type: GrantResource['type'], value: string | undefined): GrantResource | undefined {
  return value === undefined ? undefined : { type, key: value };
}

/** The handlers, with the creating ones granting their creator the manager role afterwards. */
export function withCreatorGrants<H extends Record<string, ApiHandler>>(handlers: H): H {
  const wrapped: Record<string, ApiHandler> = { ...handlers };
  for (const [name, created] of Object.entries(CREATED)) {
    const handler = handlers[name];
    if (handler === undefined) continue;
    wrapped[name] = async (ctx) => {
      const answer = await handler(ctx);
      const resource = created(answer);
      if (resource !== undefined) await ctx.access.grantCreator(resource);
      return answer;
    };
  }
  return wrapped as H;
}
