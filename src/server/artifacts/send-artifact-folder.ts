/**
 * Streams a folder of artifacts as one tar download (tar-stream.ts): the dashboard's "download
 * folder". Sent as an attachment with the same nosniff and CSP sandbox as a single file; the
 * length is not known up front, so it goes chunked. A failure mid-stream (a file gone, the store
 * down) cuts the connection, so the client sees a truncated download, never a tar that looks whole.
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ArtifactStore } from '../../core/ports/artifact-store.js';
import { StrataError, notFound } from '../../core/errors.js';
import { ARTIFACT_CSP, attachment } from './send-artifact.js';
import { tarFolder } from './tar-stream.js';

export async function sendArtifactFolder(reply: FastifyReply, artifacts: ArtifactStore, path: string, name: string): Promise<FastifyReply> {
  const stat = path === '' ? { isDir: true } : await artifacts.stat(path);
  if (!stat) throw notFound(`No artifact folder at '${path}'.`);
  if (!stat.isDir) throw new StrataError('INVALID_PARAMETER_VALUE', `'${path}' is a file: download it with /get-artifact.`);
  const base = name.split('/').filter((p) => p !== '').pop() ?? 'artifacts';
  void reply
    .type('application/x-tar')
    .header('content-disposition', attachment(`${base}.tar`))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', ARTIFACT_CSP);
  return reply.send(Readable.from(tarFolder(artifacts, path, base), { objectMode: false }));
}
