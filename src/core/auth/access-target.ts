/**
 * What a request acts on, as the route table locates it, before the store is asked: an
 * experiment (by id, by name, through one of its runs or saved views), a registered model,
 * a dataset or a webhook. Each target knows the error its routes answer when it does not
 * exist, so a caller who may not read it gets exactly that answer (no existence leaks).
 */
import { notFound, type StrataError } from '../errors.js';
import { datasetNotFound } from '../services/dataset-registry-service.js';
import { experimentNotFound } from '../services/experiment-service.js';
import { modelNotFound } from '../services/registry-mutation.js';
import { viewNotFound } from '../services/saved-view-service.js';
import { shortenForMessage } from '../shorten-for-message.js';

export type AccessTarget =
  | { readonly kind: 'experiment'; readonly id: string }
  | { readonly kind: 'experiment-name'; readonly name: string }
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'view'; readonly viewId: string }
  | { readonly kind: 'model'; readonly name: string }
  | { readonly kind: 'dataset'; readonly name: string }
  | { readonly kind: 'webhook'; readonly id: string }
  /** A stored artifact path (`<experiment id>/<run id>/artifacts/…`): answered as a missing file. */
  | { readonly kind: 'artifact'; readonly experimentId: string; readonly path: string };

/** The RESOURCE_DOES_NOT_EXIST the target's routes answer when it is truly missing. */
export function notFoundFor(target: AccessTarget): StrataError | Error {
  switch (target.kind) {
    case 'experiment':
      return experimentNotFound(target.id);
    case 'experiment-name':
      return notFound(`Could not find experiment with name '${shortenForMessage(target.name)}'`);
    case 'run':
      return notFound(`Run with id=${shortenForMessage(target.runId)} not found`);
    case 'view':
      return viewNotFound(target.viewId);
    case 'model':
      return modelNotFound(target.name);
    case 'dataset':
      return datasetNotFound(target.name);
    case 'webhook':
      return notFound(`Webhook with ID ${target.id} not found.`);
    case 'artifact':
      return notFound(`No artifact file at '${target.path}'.`);
  }
}
