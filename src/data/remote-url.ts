/**
 * Parsing the URLs of network remotes, apart from the code that opens them: checking a URL
 * (`strata data remote add`) must not load the AWS SDK or the HTTP client.
 */
import { DataError } from './data-error.js';

/** Where a strata:// remote keeps objects in the server's artifact store. */
export const STRATA_REMOTE_ROOT = 'strata-data-cache';

/** Throws UNSUPPORTED_REMOTE unless the URL names a bucket. */
export function parseS3RemoteUrl(url: string): { bucket: string; prefix: string } {
  const parsed = new URL(url);
  if (!parsed.hostname) throw new DataError('UNSUPPORTED_REMOTE', `remote ${url} names no bucket; use s3://bucket/prefix`);
  return { bucket: parsed.hostname, prefix: decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '') };
}

/** `strata://host:port` → `http://host:port`; `strata+https://host` → `https://host`. */
export function strataServerUrl(url: string): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol === 'strata+https:' ? 'https' : 'http';
  if (!parsed.host) throw new DataError('UNSUPPORTED_REMOTE', `remote ${url} names no server; use strata://host:port`);
  if (parsed.pathname !== '' && parsed.pathname !== '/') {
    throw new DataError('UNSUPPORTED_REMOTE', `remote ${url}: a strata:// remote takes no path (objects go under ${STRATA_REMOTE_ROOT}/ on the server); use strata://host:port`);
  }
  return `${scheme}://${parsed.host}`;
}
