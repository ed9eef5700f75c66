import { StrataError } from '../errors.js';
import { shortenForMessage } from '../shorten-for-message.js';

/**
 * A mistake at a known offset. The tokenizer and parser throw it; the public
 * parse functions turn it into INVALID_PARAMETER_VALUE with the whole input
 * quoted, so the low-level code does not need to know what it is parsing.
 */
export class SearchSyntaxError extends Error {
  readonly pos: number;

  constructor(reason: string, pos: number) {
    super(reason);
    this.name = 'SearchSyntaxError';
    this.pos = pos;
  }
}

/** "Invalid filter 'metrics.acc >> 1': unexpected '>' at position 14" (1-based, like an editor column). */
export function toStrataError(what: string, text: string, error: SearchSyntaxError): StrataError {
  return new StrataError(
    'INVALID_PARAMETER_VALUE',
    `Invalid ${what} '${shortenForMessage(text)}': ${error.message} at position ${error.pos + 1}`,
  );
}
