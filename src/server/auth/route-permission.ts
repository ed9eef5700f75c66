/**
 * What a route requires of its caller, stated in the route table beside its handler
 * (route-entry.ts). The governance work makes `permission` required on every route and a test
 * walks the table to prove it; the check itself lives in src/server/auth/.
 */
import type { Role, TokenScope } from '../../core/auth/principal.js';

/** How to find the resource a route acts on from its request fields (query, body or path). */
export type ResourceLocator =
  /** The field holds the resource's own id or name (`experiment_id`, `name`). */
  | { readonly field: string }
  /** The field holds a run id: the resource is the run's experiment. */
  | { readonly runField: string };

export type RoutePermission =
  /** Anyone, signed in or not: sign-in itself, the audit public key. */
  | { readonly kind: 'public' }
  /** Any verified principal; the handler limits the answer to the caller's own data. */
  | { readonly kind: 'signed-in'; readonly scope: TokenScope }
  /** Server admins only. */
  | { readonly kind: 'admin' }
  /** A role on one experiment, registered model or dataset, located from the request. */
  | {
      readonly kind: 'experiment' | 'model' | 'dataset';
      readonly role: Role;
      readonly locate: ResourceLocator;
    }
  /** A search or list: allowed to any verified principal, answers filtered to what it may read. */
  | { readonly kind: 'filtered'; readonly resource: 'experiment' | 'model' | 'dataset' };
