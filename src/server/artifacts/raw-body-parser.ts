/**
 * Artifact uploads arrive as raw bytes of any (or no) content type and may be many
 * gigabytes: the body is handed to the route as the request stream itself, never
 * buffered, and no body limit applies (Fastify enforces `bodyLimit` only in the parsers
 * that read the body for you).
 */
import type { FastifyInstance } from 'fastify';

export function useRawBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}
