/**
 * What a route requires of its caller, stated in the route table beside its handler
 * (route-entry.ts: `permission` is required on every route, route-permissions.test.ts walks
 * the table to prove it). The check itself is check-permission.ts, one preHandler for all.
 */
import type { Role, TokenScope } from '../../core/auth/principal.js';

/**
 * How to find what a route acts on from its request fields (query or JSON body, path
 * parameters joined), as AccessTargets (core/auth/access-target.ts).
 */
export type ResourceLocator =
  /** The field holds the resource's own key: an experiment or webhook id, a model or dataset name. */
  | { readonly by: 'key'; readonly field: string }
  /** A list of experiment ids (`experiment_ids`): the caller needs the role on every one. */
  | { readonly by: 'keys'; readonly field: string }
  /** An experiment's name (`experiment_name`). */
  | { readonly by: 'experiment-name'; readonly field: string }
  /** A run id (`run_id`, or MLflow's older `run_uuid`): the resource is the run's experiment. */
  | { readonly by: 'run' }
  /** A list of run ids (`run_ids`). */
  | { readonly by: 'runs'; readonly field: string }
  /** The metric envelope's series (objects with `run_id`), or `run_id` itself on a GET. */
  | { readonly by: 'series'; readonly field: string }
  /** A saved view's id: the resource is the view's experiment. */
  | { readonly by: 'view'; readonly field: string }
  /** A `models:/name/…` URI: the resource is the model. */
  | { readonly by: 'model-uri'; readonly field: string }
  /** A `runs:/<run id>/…` URI (a model version's source): the run's experiment; other URIs locate nothing. */
  | { readonly by: 'runs-uri'; readonly field: string }
  /**
   * A stored artifact path, `<experiment id>/<run id>/artifacts/…` (the path parameter `*`, or
   * a query field): the resource is the experiment named by the first segment.
   */
  | { readonly by: 'artifact-path'; readonly field?: string };

/** A role on a located resource (the kinds `all` combines). */
export interface ResourcePermission {
  readonly kind: 'experiment' | 'model' | 'dataset' | 'webhook';
  readonly role: Role;
  readonly locate: ResourceLocator;
  /** An artifact listing answers an empty listing, not an error, for what the caller may not read. */
  readonly hiddenAs?: 'empty-listing';
}

export type FilteredResource = 'experiment' | 'model' | 'dataset' | 'webhook' | 'audit' | 'lineage';

export type RoutePermission =
  /** Anyone, signed in or not: sign-in itself, versions. */
  | { readonly kind: 'public' }
  /** Any verified principal whose token allows `scope`; the handler (or its service) decides the rest. */
  | { readonly kind: 'signed-in'; readonly scope: TokenScope }
  /** Server admins only. */
  | { readonly kind: 'admin' }
  /** A role on an experiment, registered model, dataset or webhook, located from the request. */
  | ResourcePermission
  /** Every one of several requirements (registering a version: editor of the model, viewer of its source run). */
  | { readonly kind: 'all'; readonly of: readonly ResourcePermission[] }
  /** The resource the request's `resource_type` and `resource_key` name (the permissions API). */
  | { readonly kind: 'named-resource'; readonly role: Role }
  /** A search or list: allowed to any verified principal, answers filtered to what it may read. */
  | { readonly kind: 'filtered'; readonly resource: FilteredResource };

/** A role on the experiment an artifact path (`<experiment id>/<run id>/…`) lies under. */
export function artifactPermission(role: Role, field?: string): RoutePermission & { kind: 'experiment' } {
  return { kind: 'experiment', role, locate: field === undefined ? { by: 'artifact-path' } : { by: 'artifact-path', field } };
}

/** Shorthands for the route table. */
export const permit = {
  public: { kind: 'public' } as RoutePermission,
  admin: { kind: 'admin' } as RoutePermission,
  signedIn: (scope: TokenScope): RoutePermission => ({ kind: 'signed-in', scope }),
  filtered: (resource: FilteredResource): RoutePermission => ({ kind: 'filtered', resource }),
  experiment: (role: Role, locate: ResourceLocator): RoutePermission => ({ kind: 'experiment', role, locate }),
  model: (role: Role, field = 'name'): RoutePermission => ({ kind: 'model', role, locate: { by: 'key', field } }),
  dataset: (role: Role, field = 'name'): RoutePermission => ({ kind: 'dataset', role, locate: { by: 'key', field } }),
  webhook: (role: Role): RoutePermission => ({ kind: 'webhook', role, locate: { by: 'key', field: 'webhook_id' } }),
  /** The common experiment locators. */
  byExperimentId: { by: 'key', field: 'experiment_id' } as ResourceLocator,
  byExperimentIds: { by: 'keys', field: 'experiment_ids' } as ResourceLocator,
  byRun: { by: 'run' } as ResourceLocator,
} as const;
