import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Stats } from 'node:fs';
import { errnoCode } from './fs-errors.js';

/**
 * The SHA-256 of a local artifact, kept in a sidecar file under `<root>/.strata/meta/`
 * at the artifact's own relative path (the meta tree mirrors the data tree, so names can
 * never collide). Extended attributes would need a native module and are lost by many
 * copy tools; a sidecar survives `cp -r` of the root.
 *
 * The sidecar records the inode, size and mtime of the file it describes. A data file
 * replaced or edited by anything else no longer matches, and reads then report no hash
 * rather than a wrong one, so the data file and its sidecar need not change together.
 */
interface SidecarRecord {
  sha256: string;
  size: number;
  ino: number;
  mtimeMs: number;
  contentType?: string;
}

export interface ArtifactMetadata {
  sha256: string;
  contentType?: string;
}

/** Sidecar directories remembered as existing; forgotten all at once beyond this. */
const KNOWN_DIRS_LIMIT = 4096;

export class LocalSidecars {
  private readonly knownDirs = new Set<string>();

  constructor(private readonly metaDir: string) {}

  pathFor(relPath: string): string {
    return join(this.metaDir, relPath);
  }

  /**
   * Best effort: an artifact without a sidecar is still a valid artifact, just without a
   * stored hash. Written in place (no temporary file and rename): a reader that catches it
   * half-written, or two writers racing, get a record that does not parse or does not
   * match the file's inode, size and mtime, which reads as "no hash", never a wrong one.
   */
  async write(relPath: string, stats: Stats, metadata: ArtifactMetadata): Promise<void> {
    const record: SidecarRecord = { ...metadata, size: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs };
    const target = this.pathFor(relPath);
    const dir = dirname(target);
    try {
      if (!this.knownDirs.has(dir)) {
        await mkdir(dir, { recursive: true }).catch(() => this.clearConflicts(relPath));
        if (this.knownDirs.size >= KNOWN_DIRS_LIMIT) this.knownDirs.clear();
        this.knownDirs.add(dir);
      }
      await writeFile(target, JSON.stringify(record)).catch(async (error: unknown) => {
        // A directory where the sidecar goes (the data tree changed), or a remembered directory since removed.
        this.knownDirs.clear();
        if (errnoCode(error) === 'ENOENT') await mkdir(dir, { recursive: true }).catch(() => this.clearConflicts(relPath));
        else await rm(target, { recursive: true, force: true });
        await writeFile(target, JSON.stringify(record));
      });
    } catch {
      await rm(target, { force: true }).catch(() => undefined);
    }
  }

  async read(relPath: string, stats: Stats): Promise<ArtifactMetadata | undefined> {
    let record: SidecarRecord;
    try {
      record = JSON.parse(await readFile(this.pathFor(relPath), 'utf8')) as SidecarRecord;
    } catch {
      return undefined;
    }
    const matches = record.ino === stats.ino && record.size === stats.size && record.mtimeMs === stats.mtimeMs;
    return matches ? { sha256: record.sha256, contentType: record.contentType } : undefined;
  }

  async remove(relPath: string): Promise<void> {
    this.knownDirs.clear();
    await rm(this.pathFor(relPath), { recursive: true, force: true });
  }

  /** A stale sidecar where the meta tree now needs a directory (the data tree changed underneath). */
  private async clearConflicts(relPath: string): Promise<void> {
    const segments = relPath.split('/');
    for (let i = 1; i < segments.length; i++) {
      const ancestor = join(this.metaDir, ...segments.slice(0, i));
      await rm(ancestor, { force: true }).catch(() => undefined);
    }
    await mkdir(dirname(this.pathFor(relPath)), { recursive: true });
  }
}
