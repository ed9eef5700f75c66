/**
 * Streams one artifact file as a download: HTTP Range (206 / 416), a content type
 * guessed as MLflow does, sent as an attachment with `nosniff` (an uploaded .html must
 * not run script on the server's origin), and the stored SHA-256 as ETag. The CSP `sandbox`
 * directive covers the browsers and tabs that render it anyway (a user opening the URL with an
 * inline viewer, a download manager that previews): the file then runs in an opaque origin
 * with no script, so it can neither read the dashboard's data nor call the API as the user.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SHA256_HEADER } from '../../api/mlflow-artifacts.js';
import type { ArtifactContent, ArtifactStore } from '../../core/ports/artifact-store.js';
import { StrataError, notFound } from '../../core/errors.js';
import { formatContentRange, parseByteRange } from '../../core/parse-byte-range.js';
import { guessContentType } from '../../core/guess-content-type.js';
import { errorBody } from '../error-handler.js';

/** An artifact rendered by a browser is a sandboxed document: opaque origin, no scripts, no forms, no popups. */
export const ARTIFACT_CSP = 'sandbox';

export async function sendArtifact(
  request: FastifyRequest,
  reply: FastifyReply,
  artifacts: ArtifactStore,
  path: string,
): Promise<FastifyReply> {
  const stat = await artifacts.stat(path);
  if (!stat || stat.isDir) throw notFound(`No artifact file at '${path}'.`);
  const size = stat.size ?? 0;
  const wanted = parseByteRange(request.headers.range, size);
  if (wanted.kind === 'unsatisfiable') {
    const error = new StrataError('INVALID_PARAMETER_VALUE', `Range not satisfiable: '${path}' has ${size} bytes.`, 416);
    return reply.code(416).header('content-range', formatContentRange(size)).type('application/json').send(errorBody(error));
  }
  const content = await artifacts.get(path, wanted.kind === 'partial' ? wanted : undefined);
  setDownloadHeaders(reply, path, content);
  const stream = content.stream instanceof Readable ? content.stream : Readable.from(content.stream, { objectMode: false });
  return reply.send(stream);
}

/** Headers only, for HEAD: what a GET would send, without opening the file. */
export async function sendArtifactHead(reply: FastifyReply, artifacts: ArtifactStore, path: string): Promise<FastifyReply> {
  const stat = await artifacts.stat(path);
  if (!stat || stat.isDir) throw notFound(`No artifact file at '${path}'.`);
  setDownloadHeaders(reply, path, { size: stat.size ?? 0, sha256: stat.sha256, contentType: guessContentType(path) });
  return reply.send();
}

function setDownloadHeaders(reply: FastifyReply, path: string, content: Omit<ArtifactContent, 'stream'>): void {
  const { range, size } = content;
  void reply
    .type(content.contentType)
    .header('content-disposition', attachment(path))
    .header('x-content-type-options', 'nosniff')
    // http-security.ts puts the server's policy in front of it.
    .header('content-security-policy', ARTIFACT_CSP)
    .header('accept-ranges', 'bytes')
    .header('content-length', String(range ? range.end - range.start + 1 : size));
  if (content.sha256) void reply.header('etag', `"${content.sha256}"`).header(SHA256_HEADER, content.sha256);
  if (range) void reply.code(206).header('content-range', formatContentRange(size, range));
}

/** RFC 6266: a plain ASCII fallback plus the exact UTF-8 name. */
export function attachment(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
