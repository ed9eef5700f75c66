/**
 * One POST over node:http(s) that connects only to addresses checked beforehand: its
 * `lookup` answers with them instead of asking DNS again, so an answer that changed since
 * the check (DNS rebinding) cannot send the request elsewhere. TLS still verifies the
 * certificate against the URL's host name. No redirect is followed, no connection is
 * reused, and at most `maxReadBytes` of the response are read before the socket is closed.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './webhook-destination-guard.js';

export interface PinnedPost {
  url: URL;
  /** The host's addresses as checked; the connection goes to one of these. */
  addresses: readonly ResolvedAddress[];
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  maxReadBytes: number;
}

export interface PostedResponse {
  statusCode: number;
  /** The first bytes of the body, decoded as UTF-8. */
  bodyStart: string;
  /** True when the body went on past what was read. */
  hasMore: boolean;
}

function familyOf(options: LookupOptions): 4 | 6 | undefined {
  const family = options.family;
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

/** A `lookup` that answers from `addresses` only (Node asks with `all` when it races IPv4 and IPv6). */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = familyOf(options);
    const usable: LookupAddress[] = addresses.filter((a) => family === undefined || a.family === family);
    const [first] = usable;
    if (first === undefined) {
      callback(Object.assign(new Error(`no checked IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

/** Reads until `maxBytes` (then drops the connection: the rest is not wanted) or the end. */
function readStart(response: http.IncomingMessage, maxBytes: number): Promise<{ bytes: Buffer; hasMore: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length < maxBytes) return;
      // Settle before destroying: destroy() reports the cut connection as an error at once.
      resolve({ bytes: Buffer.concat(chunks).subarray(0, maxBytes), hasMore: length > maxBytes || !response.complete });
      response.destroy();
    });
    response.on('end', () => resolve({ bytes: Buffer.concat(chunks), hasMore: false }));
    response.on('error', reject);
    response.on('close', () => reject(new Error('the connection closed before the response ended')));
  });
}

export function pinnedPost(post: PinnedPost): Promise<PostedResponse> {
  const { url } = post;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      agent: false,
      lookup: pinnedLookup(post.addresses),
      signal: post.signal,
    });
    request.on('error', reject);
    request.on('response', (response) => {
      readStart(response, post.maxReadBytes).then(
        ({ bytes, hasMore }) => resolve({ statusCode: response.statusCode ?? 0, bodyStart: new TextDecoder().decode(bytes), hasMore }),
        reject,
      );
    });
    request.end(post.body);
  });
}
