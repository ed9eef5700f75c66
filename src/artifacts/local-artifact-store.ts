import type { Dirent, Stats } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type {
  ArtifactContent,
  ArtifactEntry,
  ArtifactStat,
  ArtifactStore,
  ByteStream,
  PutOptions,
  PutResult,
  UploadedPart,
} from '../core/ports/artifact-store.js';
import type { ByteRange } from '../core/parse-byte-range.js';
import { normalizeArtifactPath, joinArtifactPath } from '../core/artifact-path.js';
import { guessContentType } from '../core/guess-content-type.js';
import { StrataError, invalidParameter, notFound } from '../core/errors.js';
import { assertContained, assertWritableContained } from './contained-path.js';
import { errnoCode, isMissing, translateFsError } from './fs-errors.js';
import { LocalSidecars } from './local-sidecar.js';
import { LocalMultipartUploads } from './local-multipart-uploads.js';
import { writeHashed, type HashedWrite } from './hashed-file-writer.js';
import { removeOlderThan } from './remove-older-than.js';

/** Strata's own files inside the root: temp files, multipart parts, hash sidecars. Never listed. */
export const INTERNAL_DIR = '.strata';

/** Large I/O buffers: with 64 KiB defaults, syscall count dominates multi-GiB transfers. */
export const IO_CHUNK_BYTES = 1024 * 1024;

/** Directories remembered as existing (see renameIntoPlace); forgotten all at once beyond this. */
const KNOWN_DIRS_LIMIT = 4096;

export interface LocalArtifactStoreOptions {
  /** Created if missing, unless `mustExist`. The caller picks it (the server defaults to ./strata-data/artifacts). */
  root: string;
  /** Refuse (RESOURCE_DOES_NOT_EXIST) a root that does not exist instead of creating it. */
  mustExist?: boolean;
  /**
   * fsync each file before it becomes visible. Off by default: it makes large uploads
   * several times slower than `cp`, and the rename already guarantees readers never see
   * a partial file while the machine stays up.
   */
  fsync?: boolean;
}

/**
 * Artifacts as plain files under a root directory, laid out exactly as their paths say
 * (the same layout MLflow's local store uses, so an existing directory can be served).
 * Each upload streams into `<root>/.strata/tmp/` on the same file system and is renamed
 * into place once complete, which makes it visible, or replaces an older version, in one step.
 */
export class LocalArtifactStore implements ArtifactStore {
  private readonly tmpDir: string;
  private readonly sidecars: LocalSidecars;
  private readonly uploads: LocalMultipartUploads;
  private readonly knownDirs = new Set<string>();

  private constructor(
    /** The root's real path (symlinks resolved), against which containment is checked. */
    readonly root: string,
    private readonly fsync: boolean,
  ) {
    this.tmpDir = join(root, INTERNAL_DIR, 'tmp');
    this.sidecars = new LocalSidecars(join(root, INTERNAL_DIR, 'meta'));
    this.uploads = new LocalMultipartUploads(join(root, INTERNAL_DIR, 'mpu'), this.tmpDir);
  }

  static async open(options: LocalArtifactStoreOptions): Promise<LocalArtifactStore> {
    if (options.mustExist) {
      await stat(options.root).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
        throw new StrataError('RESOURCE_DOES_NOT_EXIST', `No artifact directory at ${options.root} (nothing was created there).`);
      });
    }
    await mkdir(options.root, { recursive: true });
    const store = new LocalArtifactStore(await realpath(options.root), options.fsync ?? false);
    await mkdir(store.tmpDir, { recursive: true });
    return store;
  }

  async put(path: string, body: ByteStream, options: PutOptions = {}): Promise<PutResult> {
    const rel = await this.writablePath(path);
    return this.writeFile(rel, body, options);
  }

  async get(path: string, range?: ByteRange): Promise<ArtifactContent> {
    const rel = await this.resolve(path);
    const handle = await open(this.absolute(rel), 'r').catch((error: unknown) => {
      throw isMissing(error) ? notFound(`No artifact file at '${rel}'.`) : translateFsError(error, rel);
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw notFound(`No artifact file at '${rel}' (it is a directory).`);
      const served = range && clampRange(range, stats.size, rel);
      const metadata = await this.sidecars.read(rel, stats);
      const stream = handle.createReadStream({ start: served?.start, end: served?.end, highWaterMark: IO_CHUNK_BYTES });
      return {
        stream,
        size: stats.size,
        range: served,
        sha256: metadata?.sha256,
        contentType: metadata?.contentType ?? guessContentType(rel),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(path: string): Promise<ArtifactStat | undefined> {
    const rel = await this.resolve(path);
    let stats: Stats;
    try {
      stats = await stat(this.absolute(rel));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw translateFsError(error, rel);
    }
    if (stats.isDirectory()) return { path: rel, isDir: true };
    const metadata = await this.sidecars.read(rel, stats);
    return { path: rel, isDir: false, size: stats.size, sha256: metadata?.sha256 };
  }

  async list(dirPath: string): Promise<ArtifactEntry[]> {
    const rel = await this.resolve(dirPath);
    let dirents: Dirent[];
    try {
      dirents = await readdir(this.absolute(rel), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw translateFsError(error, rel);
    }
    const visible = dirents.filter((d) => !(rel === '' && d.name === INTERNAL_DIR));
    const entries = await Promise.all(visible.map((d) => this.entryFor(rel, d)));
    return entries.filter((e): e is ArtifactEntry => e !== undefined).sort((a, b) => compare(a.path, b.path));
  }

  async delete(path: string): Promise<void> {
    // Only the parent must resolve inside the root: a symlink itself can be removed, since
    // rm never follows it (deleting a link removes the link, not what it points to).
    const rel = await this.resolve(path, { followLeaf: false });
    if (rel === '') throw invalidParameter('Refusing to delete the whole artifact root.');
    await rm(this.absolute(rel), { recursive: true, force: true }).catch((error: unknown) => {
      throw translateFsError(error, rel);
    });
    this.knownDirs.clear();
    await this.sidecars.remove(rel);
  }

  // Multipart uploads write to disk like put does: a full disk or a permission problem is
  // answered with the same clear error (translateFsError), not a bare 500.
  async createMultipartUpload(path: string, options: Pick<PutOptions, 'contentType'> = {}): Promise<{ uploadId: string }> {
    const rel = await this.writablePath(path);
    const uploadId = await this.uploads.create(rel, options.contentType).catch((error: unknown) => {
      throw translateFsError(error, rel);
    });
    return { uploadId };
  }

  async uploadPart(path: string, uploadId: string, partNumber: number, body: ByteStream): Promise<UploadedPart> {
    const rel = normalizeArtifactPath(path);
    return this.uploads.writePart(rel, uploadId, partNumber, body).catch((error: unknown) => {
      throw translateFsError(error, rel);
    });
  }

  async completeMultipartUpload(path: string, uploadId: string, parts: UploadedPart[]): Promise<PutResult> {
    const rel = await this.writablePath(path);
    const upload = await this.uploads.open(rel, uploadId, parts);
    const result = await this.writeFile(rel, upload.concatenate(), { contentType: upload.contentType });
    await this.uploads.discard(uploadId);
    return result;
  }

  async abortMultipartUpload(path: string, uploadId: string): Promise<void> {
    await this.uploads.abort(normalizeArtifactPath(path), uploadId);
  }

  /**
   * Removes temporary files and multipart uploads older than `maxAgeMs`: what a crash
   * (rather than a failed request, which cleans up after itself) leaves behind.
   */
  async removeStaleTemporaryFiles(maxAgeMs: number, now = Date.now()): Promise<number> {
    const removed = await removeOlderThan(this.tmpDir, now - maxAgeMs);
    return removed + (await this.uploads.removeOlderThan(now - maxAgeMs));
  }

  private async writeFile(rel: string, body: ByteStream, options: PutOptions): Promise<PutResult> {
    const target = this.absolute(rel);
    const tmp = join(this.tmpDir, randomUUID());
    try {
      const handle = await open(tmp, 'w');
      let written: HashedWrite;
      let stats: Stats;
      try {
        written = await writeHashed(body, handle);
        // fsync before close; the directory entry is synced after the rename below.
        if (this.fsync) await handle.sync();
        stats = await handle.stat();
      } finally {
        await handle.close();
      }
      assertExpectedHash(options.expectedSha256, written.sha256, rel);
      await this.renameIntoPlace(tmp, target);
      if (this.fsync) await syncDirectory(dirname(target));
      await this.sidecars.write(rel, stats, { sha256: written.sha256, contentType: options.contentType });
      return written;
    } catch (error) {
      await rm(tmp, { force: true });
      throw translateFsError(error, rel);
    }
  }

  /**
   * Renames the finished temp file to `target`, creating its directory. Directories made
   * or seen before are remembered (many small files land in the same few), so the common
   * case is one rename; a remembered directory removed since is recreated on ENOENT.
   */
  private async renameIntoPlace(tmp: string, target: string): Promise<void> {
    const dir = dirname(target);
    if (!this.knownDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      if (this.knownDirs.size >= KNOWN_DIRS_LIMIT) this.knownDirs.clear();
      this.knownDirs.add(dir);
    }
    try {
      await rename(tmp, target);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      this.knownDirs.clear();
      await mkdir(dir, { recursive: true });
      await rename(tmp, target);
    }
  }

  private async entryFor(dirRel: string, dirent: Dirent): Promise<ArtifactEntry | undefined> {
    const rel = joinArtifactPath(dirRel, dirent.name);
    if (!isServablePath(rel)) return undefined;
    if (dirent.isDirectory()) return { path: rel, isDir: true };
    if (!dirent.isFile() && !dirent.isSymbolicLink()) return undefined;
    try {
      // A link whose target lies outside the root is left out rather than revealing its size.
      if (dirent.isSymbolicLink()) await assertContained(this.root, this.absolute(rel), rel);
      const stats = await stat(this.absolute(rel));
      if (stats.isDirectory()) return { path: rel, isDir: true };
      return stats.isFile() ? { path: rel, isDir: false, fileSize: stats.size } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Normalises a client path, refuses Strata's internal directory and symlink escapes. */
  private async resolve(path: string, { followLeaf = true } = {}): Promise<string> {
    const rel = this.checkedRelative(path);
    const checked = followLeaf || rel === '' ? this.absolute(rel) : dirname(this.absolute(rel));
    await assertContained(this.root, checked, rel);
    return rel;
  }

  private checkedRelative(path: string): string {
    const rel = normalizeArtifactPath(path);
    if (rel.split('/')[0] === INTERNAL_DIR) {
      throw invalidParameter(`Invalid artifact path '${rel}': '${INTERNAL_DIR}' is reserved at the artifact root.`);
    }
    return rel;
  }

  private async writablePath(path: string): Promise<string> {
    const rel = this.checkedRelative(path);
    if (rel === '') throw invalidParameter('An artifact path is required to write a file.');
    await assertWritableContained(this.root, this.absolute(rel), rel);
    return rel;
  }

  private absolute(rel: string): string {
    return rel === '' ? this.root : join(this.root, rel);
  }
}

function clampRange(range: ByteRange, size: number, rel: string): ByteRange {
  if (range.start < 0 || range.end < range.start) throw invalidParameter(`Invalid byte range for '${rel}'.`);
  if (range.start >= size) {
    throw new StrataError('INVALID_PARAMETER_VALUE', `Range starts past the end of '${rel}' (${size} bytes).`, 416);
  }
  return { start: range.start, end: Math.min(range.end, size - 1) };
}

function assertExpectedHash(expected: string | undefined, actual: string, rel: string): void {
  if (expected !== undefined && expected.toLowerCase() !== actual) {
    throw invalidParameter(`Upload of '${rel}' has SHA-256 ${actual}, expected ${expected}; it was discarded.`);
  }
}

/** Names the API could not address (written by other tools) are left out of listings. */
function isServablePath(rel: string): boolean {
  try {
    return normalizeArtifactPath(rel) === rel;
  } catch {
    return false;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Plain code-unit order, as S3 lists keys, so both stores sort alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
