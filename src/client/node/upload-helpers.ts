import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { StrataClient } from '../strata-client.js';
import type { ProgressCounter } from './transfer-options.js';

const READ_CHUNK_BYTES = 1024 * 1024;

/** A read stream of the file (or an inclusive byte range of it) that reports bytes as they are read. */
export function countedStream(path: string, counter: ProgressCounter, range?: { start: number; end: number }): Readable {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, ...range });
  stream.on('data', (chunk: Buffer | string) => counter.addBytes(chunk.length));
  return stream;
}

export function authHeaders(client: StrataClient): Record<string, string> {
  return client.authorization === undefined ? {} : { authorization: client.authorization };
}
