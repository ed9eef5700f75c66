/**
 * Whether the server is answering requests: true from a request's arrival until a short quiet
 * spell after the last response. Background work (the roll-up builder) waits while it is true,
 * so the pages and API calls people are waiting for get the CPU first.
 */
import type { FastifyInstance } from 'fastify';

/** How long after the last request started or finished the server still counts as busy: a page load's requests come a few ms apart. */
const QUIET_AFTER_MS = 150;

export function trackRequestActivity(app: FastifyInstance, now: () => number = () => performance.now()): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  const touch = (_request: unknown, _reply: unknown, done: () => void) => {
    last = now();
    done();
  };
  app.addHook('onRequest', touch);
  app.addHook('onResponse', touch);
  return () => now() - last < QUIET_AFTER_MS;
}
