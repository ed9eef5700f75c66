/**
 * An onRequest hook for every route: the URL's text follows the rules bodies do.
 * Fastify's query-string parser keeps a malformed escape (`%E0%A4%A`) as literal text, so a
 * client's typo would reach the store as a value nobody sent; it is refused instead. Decoded
 * query and path parameters must not hold NUL (`%00`) or lone surrogates (request-text.ts).
 */
import type { FastifyRequest } from 'fastify';
import { invalidParameter } from '../core/errors.js';
import { shortenForMessage } from '../core/shorten-for-message.js';
import { checkPathParams, checkQueryFields } from './request-text.js';

export async function checkRequestUrl(request: FastifyRequest): Promise<void> {
  const start = request.url.indexOf('?');
  if (start >= 0) checkPercentEncoding(request.url.slice(start + 1));
  checkQueryFields(request.query);
  checkPathParams(request.params);
}

function checkPercentEncoding(query: string): void {
  if (!query.includes('%')) return;
  try {
    decodeURIComponent(query);
  } catch {
    throw invalidParameter(
      `Invalid query string '${shortenForMessage(query)}': a %-escape is incomplete or does not spell UTF-8 text.`,
    );
  }
}
