/**
 * Serves the built dashboard (web/, built into dist/web/) at `/` on the API's own port:
 * hashed assets cached for a year, index.html never cached, other files a day, precompressed .br/.gz files
 * when the build made them, and index.html for every other GET that is not an API path,
 * so the app's own routes (/experiments/1/runs/abc) work on reload. API paths that match no
 * route keep their JSON 404. Without a build, those paths answer a page saying how to build it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultDashboardDir } from './dashboard-dir.js';
import { notBuiltPage } from './not-built-page.js';

export interface DashboardOptions {
  /** The built app's folder (with index.html); default: the package's dist/web/. */
  dir?: string;
}

/** Paths the dashboard never answers: the APIs keep their own 404s. */
const API_PREFIXES = ['/api/', '/ajax-api/'];
const ASSETS_PREFIX = '/assets/';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';
/**
 * Unhashed files beside index.html (a build's public/ files, such as an icon): a day, not
 * revalidated every time. Chromium asks for a page's icon again at every change of its URL (the
 * dashboard keeps its view in the URL), so a no-cache icon cost a request per sort or filter.
 */
export const PUBLIC_FILE_CACHE = 'public, max-age=86400';

export function registerDashboard(app: FastifyInstance, options: DashboardOptions = {}): void {
  void app.register(async (scope) => {
    const dir = options.dir ?? defaultDashboardDir();
    if (dir === undefined || !existsSync(join(dir, 'index.html'))) {
      const page = notBuiltPage(dir);
      scope.get('/*', (request, reply) => (isAppPath(request) ? reply.type('text/html; charset=utf-8').header('cache-control', NO_CACHE).send(page) : reply.callNotFound()));
      scope.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', NO_CACHE).send(page));
      return;
    }
    await serveBuiltApp(scope, dir);
  });
}

async function serveBuiltApp(scope: FastifyInstance, dir: string): Promise<void> {
  // Loaded only when there is an app to serve: an API-only server never loads it.
  const { default: fastifyStatic } = await import('@fastify/static');
  await scope.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per built file, found at start-up: unknown paths fall through to the route below.
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(`${ASSETS_PREFIX.slice(0, -1)}/`) ? IMMUTABLE_CACHE : path.endsWith('.html') ? NO_CACHE : PUBLIC_FILE_CACHE);
    },
  });
  scope.get('/*', (request, reply) => (isAppPath(request) ? sendIndex(reply) : reply.callNotFound()));
}

function sendIndex(reply: FastifyReply) {
  return reply.header('cache-control', NO_CACHE).sendFile('index.html');
}

/** A path the app routes itself: not an API path, not a missing asset. */
function isAppPath(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '/';
  return !API_PREFIXES.some((prefix) => path.startsWith(prefix)) && !path.startsWith(ASSETS_PREFIX);
}
