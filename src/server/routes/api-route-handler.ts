/**
 * The one adapter from an ApiHandler to a Fastify handler. Fields come from the query string
 * for GET and the JSON body otherwise; path parameters (`/webhooks/:webhook_id`) join them,
 * taking precedence. The principal (set by createApp's authentication hook) and the client-gone signal come with the request; the answer is
 * JSON, written once (prebuilt JsonText is sent as it is).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../core/auth/principal.js';
import { OPEN_ACCESS } from '../auth/request-access.js';
import { signalOnClientGone } from '../client-gone-signal.js';
import { RequestFields } from '../request-fields.js';
import { type ApiContext, type ApiHandler, JsonText } from './api-handler.js';

type Source = Record<string, unknown>;

export function apiRouteHandler(handler: ApiHandler) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<string | Buffer> => {
    const fromQuery = request.method === 'GET';
    const source = ((fromQuery ? request.query : request.body) ?? {}) as Source;
    const fields = new RequestFields(withPathParams(source, request.params as Source | undefined), fromQuery);
    const result = await handler(apiContext(request, reply, fields));
    void reply.type('application/json');
    // Prebuilt text is the large responses (metric histories): encoded once here, Fastify
    // neither measures nor re-encodes it.
    if (!(result instanceof JsonText)) return JSON.stringify(result);
    return typeof result.text === 'string' ? Buffer.from(result.text) : Buffer.from(result.text.buffer, result.text.byteOffset, result.text.byteLength);
  };
}

function withPathParams(source: Source, params: Source | undefined): Source {
  return params && Object.keys(params).length > 0 ? { ...source, ...params } : source;
}

function apiContext(request: FastifyRequest, reply: FastifyReply, fields: RequestFields): ApiContext {
  let signal: AbortSignal | undefined;
  return {
    fields,
    principal: request.principal,
    actor: actorOf(request.principal),
    // Absent when the table was mounted without authorization (auth off).
    access: request.access ?? OPEN_ACCESS,
    // Made on first use: most routes never cancel anything.
    get signal() {
      return (signal ??= signalOnClientGone(reply.raw));
    },
  };
}
