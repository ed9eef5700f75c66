/** What the raw artifact routes read from a request and how they answer JSON. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestFields } from '../request-fields.js';

/** The `*` of a wildcard route: the artifact path. */
export function wildcardPath(request: FastifyRequest): string {
  return (request.params as { '*': string })['*'];
}

export function queryFields(request: FastifyRequest): RequestFields {
  return new RequestFields(request.query as Record<string, unknown>, true);
}

export function bodyFields(request: FastifyRequest): RequestFields {
  return new RequestFields((request.body ?? {}) as Record<string, unknown>, false);
}

export function sendJson(reply: FastifyReply, body: object): string {
  void reply.type('application/json');
  return JSON.stringify(body);
}
