/**
 * MLflow's handlers read bodies with Flask's get_json(force=True): any JSON body is
 * accepted, an empty one means `{}`, and old clients may double-encode the object as
 * a JSON string. Strata also accepts a body without Content-Type (some scripts send
 * none) but refuses a declared non-JSON type, as MLflow does. Every string in the body must
 * be text a database can store, and the body nests at most 64 deep (request-text.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter } from '../core/errors.js';
import { checkJsonBody } from './request-text.js';

function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const media = contentType.split(';')[0]?.trim().toLowerCase();
  return media === 'application/json' || media === '' || media === undefined;
}

export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    throw invalidParameter('Malformed request body: the body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter('Malformed request body: expected a JSON object.');
  }
  checkJsonBody(value, text);
  return value as Record<string, unknown>;
}

/** Installs the parser in `app`'s scope, replacing Fastify's defaults there. */
export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request: FastifyRequest, body, done) => {
    if (!isJsonType(request.headers['content-type'])) {
      done(invalidParameter("Bad Request. Content-Type must be one of ['application/json']."), undefined);
      return;
    }
    try {
      done(null, parseJsonObject(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
