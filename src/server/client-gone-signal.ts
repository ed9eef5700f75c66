/**
 * An AbortSignal that fires when the client disconnects before its response is complete,
 * so a long database query for nobody can be canceled. Fastify's request.signal is not
 * this: it follows the request stream, which closes as soon as the body has been read.
 */
import type { ServerResponse } from 'node:http';

export function signalOnClientGone(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
