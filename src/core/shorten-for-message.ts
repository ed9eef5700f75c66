import { MAX_ECHOED_VALUE_LENGTH } from '../api/limits.js';

export interface ShortenOptions {
  /** Characters kept; MAX_ECHOED_VALUE_LENGTH unless given. */
  limit?: number;
  /** How the kept text is quoted (e.g. as JSON); the length note stays outside the quotes. */
  quote?: (text: string) => string;
}

/**
 * A client's value as an error message quotes it: whole when short, else its first
 * MAX_ECHOED_VALUE_LENGTH characters and how long it was. A 10 MB name must not come back
 * as a 10 MB error, yet the start of a value is usually enough to recognise it.
 */
export function shortenForMessage(text: string, { limit = MAX_ECHOED_VALUE_LENGTH, quote = (t) => t }: ShortenOptions = {}): string {
  if (text.length <= limit) return quote(text);
  // Never split a surrogate pair: half of one is not text a client can print.
  const end = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return `${quote(text.slice(0, end))}… (${text.length} characters)`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
