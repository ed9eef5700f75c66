/**
 * Writes to the artifact store that the audit log records: a file stored, a path deleted, a
 * multipart upload completed. The bytes live in the artifact store and the event in the
 * metadata store, so they cannot commit together: the event is appended only after the
 * store has made the change visible (atomically, see the ArtifactStore port), and an upload
 * that fails or is aborted records nothing. The one gap left: if the metadata store fails
 * right after the bytes commit, the request answers 500 and the file stays without an event.
 */
import { normalizeArtifactPath } from '../artifact-path.js';
import type { Actor } from '../entities.js';
import type { ArtifactStat, ArtifactStore, ByteStream, PutResult, UploadedPart } from '../ports/artifact-store.js';
import type { Clock } from '../ports/clock.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import { artifactAuditEntity } from './artifact-audit-entity.js';

export interface ArtifactWriteDeps {
  store: MetadataStore;
  artifacts: ArtifactStore;
  artifactsDestination: string;
  clock: Clock;
}

export const ARTIFACT_AUDIT_ACTIONS = ['artifact.write', 'artifact.delete', 'artifact.complete_multipart'] as const;

type ArtifactAuditAction = (typeof ARTIFACT_AUDIT_ACTIONS)[number];

export class ArtifactWriteService {
  constructor(private readonly deps: ArtifactWriteDeps) {}

  // Paths are normalised here as the store would, so events name each file one way only.

  async put(actor: Actor, rawPath: string, body: ByteStream): Promise<PutResult> {
    const path = normalizeArtifactPath(rawPath);
    const stored = await this.deps.artifacts.put(path, body);
    await this.record(actor, 'artifact.write', path, { path, size: stored.size, sha256: stored.sha256 });
    return stored;
  }

  async completeMultipartUpload(actor: Actor, rawPath: string, uploadId: string, parts: UploadedPart[]): Promise<PutResult> {
    const path = normalizeArtifactPath(rawPath);
    const stored = await this.deps.artifacts.completeMultipartUpload(path, uploadId, parts);
    const summary = { path, size: stored.size, sha256: stored.sha256, uploadId, parts: parts.length };
    await this.record(actor, 'artifact.complete_multipart', path, summary);
    return stored;
  }

  /** Records what was there just before: a file (with its size and hash), a directory tree, or nothing. */
  async delete(actor: Actor, rawPath: string): Promise<void> {
    const path = normalizeArtifactPath(rawPath);
    const existing = await this.deps.artifacts.stat(path);
    await this.deps.artifacts.delete(path);
    await this.record(actor, 'artifact.delete', path, { path, ...deletedKind(existing) });
  }

  private async record(actor: Actor, action: ArtifactAuditAction, path: string, summary: Record<string, unknown>): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const entity = await artifactAuditEntity(tx, path, this.deps.artifactsDestination);
      await tx.appendAuditEvent({ actor, action, ...entity, summary, time: this.deps.clock.now() });
    });
  }
}

function deletedKind(existing: ArtifactStat | undefined): Record<string, unknown> {
  if (existing === undefined) return { kind: 'missing' };
  if (existing.isDir) return { kind: 'directory' };
  return { kind: 'file', size: existing.size, ...(existing.sha256 === undefined ? {} : { sha256: existing.sha256 }) };
}
