/**
 * HTTP `Range` handling for artifact downloads (RFC 9110 §14), kept pure so the HTTP
 * layer only maps the result to 200 / 206 / 416.
 */

/** An inclusive byte interval, as both HTTP and S3 express ranges. */
export interface ByteRange {
  start: number;
  end: number;
}

export type ByteRangeRequest =
  | { kind: 'full' }
  | ({ kind: 'partial' } & ByteRange)
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/i;

/**
 * Resolves a `Range` header against a representation of `size` bytes. Headers this server
 * does not serve as ranges (other units, several ranges, bad syntax) yield `full`, which
 * RFC 9110 allows: a server may always ignore Range and send the whole body.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRangeRequest {
  const match = header === undefined ? null : SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') return suffixRange(Number(last), size);
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** `bytes=-n`: the last n bytes. */
function suffixRange(length: number, size: number): ByteRangeRequest {
  if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
}

/** The `Content-Range` value for a 206 (`bytes 0-9/100`) or, without a range, a 416 (`bytes *\/100`). */
export function formatContentRange(size: number, range?: ByteRange): string {
  return range ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}
