/**
 * Opaque keyset page tokens: base64url of the JSON array of the last returned
 * row's sort-key values. Non-finite numbers (a metric may be ±Infinity) travel
 * as strings because JSON has no spelling for them.
 */
import { StrataError } from '../../core/errors.js';
import type { SortTerm, SortValue } from './sort-term.js';

export function encodePageToken(values: SortValue[]): string {
  const json = values.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

/** Decodes a token against the terms of the current query; anything that does not fit is rejected. */
export function decodePageToken(token: string, terms: SortTerm[]): SortValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (!Array.isArray(parsed) || parsed.length !== terms.length) throw invalidToken();
  return terms.map((term, i) => decodeValue(parsed[i], term));
}

function decodeValue(value: unknown, term: SortTerm): SortValue {
  if (value === null) {
    if (!term.nullable) throw invalidToken();
    return null;
  }
  if (term.type === 'string') {
    if (typeof value !== 'string') throw invalidToken();
    return value;
  }
  if (typeof value === 'number') return value;
  if (value === 'Infinity' || value === '-Infinity') return Number(value);
  throw invalidToken();
}

function invalidToken(): StrataError {
  return new StrataError('INVALID_PARAMETER_VALUE', 'Invalid page token');
}
