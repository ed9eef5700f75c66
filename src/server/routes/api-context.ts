/** The ApiContext of one request, shared by the adapters that mount ApiHandlers. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorFromAuthorization } from '../actor.js';
import { signalOnClientGone } from '../client-gone-signal.js';
import type { RequestFields } from '../request-fields.js';
import type { ApiContext } from './api-handler.js';

export function apiContext(request: FastifyRequest, reply: FastifyReply, fields: RequestFields): ApiContext {
  let signal: AbortSignal | undefined;
  return {
    fields,
    actor: actorFromAuthorization(request.headers.authorization),
    // Made on first use: most routes never cancel anything.
    get signal() {
      return (signal ??= signalOnClientGone(reply.raw));
    },
  };
}
