/**
 * A known path asked with the wrong method (`GET experiments/create`) is 405 with an
 * `Allow` header, as MLflow's Flask server answers, not 404: the client's mistake is the
 * method, not the path. The body is MLflow's error shape; ENDPOINT_NOT_FOUND because no
 * endpoint answers that method on that path (MLflow's codes have no "method not allowed").
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StrataError } from '../core/errors.js';
import { errorBody } from './error-handler.js';

interface RouteMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** The methods of every registered route, by path pattern, collected as Fastify registers them. */
export class RouteMethodIndex {
  private readonly byUrl = new Map<string, RouteMethods>();

  /** Must run before the routes are registered (an onRoute hook sees only later routes). */
  static track(app: FastifyInstance): RouteMethodIndex {
    const index = new RouteMethodIndex();
    app.addHook('onRoute', (route) => index.add(route.url ?? route.path ?? '', route.method));
    return index;
  }

  add(url: string, method: string | string[]): void {
    // The dashboard's client-side-routing fallback answers GET on any path: it makes no path a
    // known endpoint, so it must not turn every unknown POST into a 405.
    if (url === '/*') return;
    const entry = this.byUrl.get(url) ?? { pattern: urlPattern(url), methods: new Set<string>() };
    for (const m of Array.isArray(method) ? method : [method]) entry.methods.add(m.toUpperCase());
    this.byUrl.set(url, entry);
  }

  /** Every method some route answers on `path` (sorted); empty when no route has the path. */
  allowedMethods(path: string): string[] {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const allowed = new Set<string>();
    for (const { pattern, methods } of this.byUrl.values()) {
      if (pattern.test(trimmed)) for (const m of methods) allowed.add(m);
    }
    return [...allowed].sort();
  }
}

/** `/api/strata/v1/webhooks/:id/deliveries` or `/artifacts/*` as a regular expression. */
function urlPattern(url: string): RegExp {
  const trimmed = url.length > 1 ? url.replace(/\/+$/, '') : url;
  const source = trimmed
    .split('/')
    .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export function sendMethodNotAllowed(reply: FastifyReply, method: string, path: string, allowed: string[]): void {
  const error = new StrataError('ENDPOINT_NOT_FOUND', `Method ${method} is not allowed for ${path}; use ${allowed.join(' or ')}.`, 405);
  void reply.code(405).header('allow', allowed.join(', ')).type('application/json').send(errorBody(error));
}
