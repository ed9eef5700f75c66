import { MAX_ECHOED_VALUE_LENGTH } from '../api/limits.js';

/**
 * A client's value as an error message quotes it: whole when short, else its first
 * MAX_ECHOED_VALUE_LENGTH characters and how long it was. A 10 MB name must not come back
 * as a 10 MB error, yet the start of a value is usually enough to recognise it.
 */
export function shortenForMessage(text: string, limit = MAX_ECHOED_VALUE_LENGTH): string {
  if (text.length <= limit) return text;
  // Never split a surrogate pair: half of one is not text a client can print.
  const end = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
