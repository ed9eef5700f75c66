/**
 * Per-file work that runs either inline or inside a hash worker: hashing, storing a file in
 * the cache and copying an object with verification. Everything is synchronous on purpose:
 * inside a worker, sync fs calls avoid a libuv round trip per call, which is what makes
 * 20,000 small files cheap.
 */
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { Blake3Hasher, blake3 } from '@napi-rs/blake-hash';
import { DataError, toErrorInfo, type DataErrorInfo } from './data-error.js';
import { keyHash, objectRelPath } from './object-key.js';

/** 4 MiB reads: Node's 64 KiB stream chunks cap reading near 0.9 GB/s; ≥ 1 MiB does not. */
export const READ_CHUNK = 4 << 20;

export type LinkType = 'reflink' | 'hardlink' | 'copy';

/** What identifies a file's content without reading it (see state-cache.ts). */
export interface FileStamp {
  ino: string;
  size: number;
  /**
   * Node's Stats.mtimeMs as text: milliseconds with a fraction (sub-microsecond steps today).
   * Number stats, not BigInt ones: a stat is ~20% cheaper, and status stats every file.
   */
  mtimeMs: string;
  isExecutable: boolean;
}

export interface HashedFile extends FileStamp {
  hash: string;
  /**
   * Set when this call hardlinked the file and its cache object: they are one inode, so the
   * file's stamp is the object's too, and the caller records it (see damaged-objects.ts).
   */
  isObjectLink?: true;
}

export type FileOpResult = { ok: true; file: HashedFile } | { ok: false; error: DataErrorInfo };

/** Where a file goes when it is stored: the cache and a temp folder on the same filesystem. */
export interface StoreTarget {
  objectsDir: string;
  tmpDir: string;
  links: LinkType[];
}

export interface CopyItem {
  key: string;
  src: string;
  dst: string;
}

/** A cache object to put at a workspace path (checkout). */
export interface PlaceItem {
  hash: string;
  src: string;
  dst: string;
  isExecutable: boolean;
}

export type FileTask =
  | { op: 'hash'; paths: string[] }
  | { op: 'ingest'; paths: string[]; target: StoreTarget }
  | { op: 'copy'; items: CopyItem[]; tmpDir: string }
  | { op: 'place'; items: PlaceItem[]; links: LinkType[] };

let chunk: Buffer | undefined;
let tmpCounter = 0;

function readBuffer(): Buffer {
  chunk ??= Buffer.allocUnsafe(READ_CHUNK);
  return chunk;
}

export function stampOf(st: Stats): FileStamp {
  return { ino: String(st.ino), size: st.size, mtimeMs: String(st.mtimeMs), isExecutable: (st.mode & 0o111) !== 0 };
}

/** Reads until EOF (not until the stat size) so a file that grew is hashed as it is. */
function readInto(fd: number, buf: Buffer, onChunk: (bytes: Buffer) => void): void {
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) return;
    onChunk(buf.subarray(0, n));
  }
}

/**
 * Fills `buf` from a file expected to hold `size` bytes (its fstat size) and returns how many
 * bytes it holds. A file smaller than the buffer is read in one call: once the stat size has
 * arrived no extra read is made to see EOF, which saves a syscall per small file. (A file
 * that grew after the fstat is hashed as it was; its stamp, taken before, says so, and
 * `ingestPath` re-checks the stamp after storing.) Returns buf.length if the buffer filled.
 */
function fillSmall(fd: number, buf: Buffer, size: number): number {
  let filled = 0;
  for (;;) {
    const n = readSync(fd, buf, filled, buf.length - filled, null);
    filled += n;
    if (n === 0 || filled === size || filled === buf.length) return filled;
  }
}

/** Small files are hashed in one call; larger ones stream through one reused buffer. */
export function hashFd(fd: number, size: number): string {
  const buf = readBuffer();
  if (size < buf.length) {
    const filled = fillSmall(fd, buf, size);
    if (filled < buf.length) return blake3(buf.subarray(0, filled)).toString('hex');
    return hashRest(fd, buf);
  }
  const hasher = new Blake3Hasher();
  readInto(fd, buf, (bytes) => hasher.update(bytes));
  return hasher.digest('hex');
}

function hashRest(fd: number, full: Buffer): string {
  const hasher = new Blake3Hasher();
  hasher.update(full);
  readInto(fd, full, (bytes) => hasher.update(bytes));
  return hasher.digest('hex');
}

export function hashBytes(bytes: Uint8Array): string {
  // @napi-rs/blake-hash 1.3.4 types its input as Buffer: a Buffer view of the same memory, no copy.
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return blake3(buffer).toString('hex');
}

function withRegularFile<T>(path: string, work: (fd: number, st: Stats) => T): T {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new DataError('IO_ERROR', `${path}: not a regular file`);
    return work(fd, st);
  } finally {
    closeSync(fd);
  }
}

export function hashPath(path: string): HashedFile {
  return withRegularFile(path, (fd, st) => ({ ...stampOf(st), hash: hashFd(fd, st.size) }));
}

export function tmpPath(tmpDir: string): string {
  tmpCounter += 1;
  return join(tmpDir, `${process.pid}.${threadId}.${tmpCounter}.${Math.random().toString(36).slice(2, 8)}`);
}

/** Moves a complete temp file into place: readers never see a partial object. */
export function commitObject(tmp: string, dst: string, isExecutable: boolean): void {
  chmodSync(tmp, isExecutable ? 0o555 : 0o444);
  renameInto(tmp, dst);
}

function renameInto(tmp: string, dst: string): void {
  try {
    renameSync(tmp, dst);
  } catch (err) {
    // The fan-out folder is made on first use rather than checked before every rename.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(dst), { recursive: true });
    renameSync(tmp, dst);
  }
}

const FALLBACK_CODES = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'EPERM', 'EMLINK', 'ENOTTY']);
/** Link types this thread's filesystem refused once: not tried again for every file. */
const failedLinks = new Set<LinkType>();

function isFallback(err: unknown): boolean {
  return FALLBACK_CODES.has((err as NodeJS.ErrnoException).code ?? '');
}

/** Places src at dst with the first link type that works; dst must not exist. */
export function placeFile(src: string, dst: string, links: LinkType[]): LinkType {
  for (const link of links) {
    if (failedLinks.has(link)) continue;
    try {
      if (link === 'reflink') copyFileSync(src, dst, constants.COPYFILE_FICLONE_FORCE);
      else if (link === 'hardlink') linkSync(src, dst);
      else copyFileSync(src, dst);
      return link;
    } catch (err) {
      if (!isFallback(err) || link === 'copy' || links.length === 1) throw err;
      failedLinks.add(link);
    }
  }
  throw new DataError('IO_ERROR', `${src}: no link type of ${links.join(', ')} worked here`);
}

function linkWithDir(src: string, dst: string): void {
  try {
    linkSync(src, dst);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(dst), { recursive: true });
    linkSync(src, dst);
  }
}

/**
 * Puts a workspace file into the cache. A hardlink goes straight to the object's name: a
 * link is created whole, so no temp name is needed, and EEXIST means the object is there.
 * Reflinks and copies go through a temp file. Returns the link type used, or undefined if
 * the object already existed.
 */
function storeObject(src: string, dst: string, file: HashedFile, target: StoreTarget): LinkType | undefined {
  for (const link of target.links) {
    if (failedLinks.has(link)) continue;
    try {
      const isStored = link === 'hardlink' ? linkObject(src, dst, file) : copyObject(src, dst, file, link, target.tmpDir);
      return isStored ? link : undefined;
    } catch (err) {
      if (!isFallback(err) || link === 'copy') throw err;
      failedLinks.add(link);
    }
  }
  throw new DataError('IO_ERROR', `${src}: no link type of ${target.links.join(', ')} worked here`);
}

function linkObject(src: string, dst: string, file: HashedFile): boolean {
  try {
    linkWithDir(src, dst);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  chmodSync(dst, file.isExecutable ? 0o555 : 0o444);
  return true;
}

function copyObject(src: string, dst: string, file: HashedFile, link: LinkType, tmpDir: string): boolean {
  if (existsSync(dst)) return false;
  const tmp = tmpPath(tmpDir);
  try {
    placeFile(src, tmp, [link]);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  commitObject(tmp, dst, file.isExecutable);
  return true;
}

/**
 * Hashes a workspace file and stores it as an object unless the cache already has it.
 * A hardlink makes the workspace file the cache object (zero copy), so it is made
 * read-only with it: an edit in place would otherwise corrupt the cache.
 */
export function ingestPath(path: string, target: StoreTarget): HashedFile {
  return withRegularFile(path, (fd, st) => {
    const file = { ...stampOf(st), hash: hashFd(fd, st.size) };
    const dst = join(target.objectsDir, objectRelPath(file.hash));
    const link = storeObject(path, dst, file, target);
    if (!link) return file;
    const after = stampOf(fstatSync(fd));
    if (after.size !== file.size || after.mtimeMs !== file.mtimeMs) {
      unlinkSync(dst);
      throw new DataError('IO_ERROR', `${path}: changed while it was being added; add it again`);
    }
    return link === 'hardlink' ? { ...file, isObjectLink: true } : file;
  });
}

/**
 * Copies one object while hashing the bytes it writes, so the copy is verified on arrival
 * without reading it twice; a mismatch leaves nothing behind. Small objects take one read
 * and one write. Returns the hash with the source's stamp.
 */
export function copyVerified(item: CopyItem, tmpDir: string): HashedFile {
  return withRegularFile(item.src, (src, st) => {
    const tmp = tmpPath(tmpDir);
    // Created read-only (the fd stays writable), so no chmod is needed before the rename.
    const out = openSync(tmp, 'w', 0o444);
    let hash: string;
    try {
      hash = copyAndHash(src, out, Number(st.size));
    } catch (err) {
      closeSync(out);
      unlinkSync(tmp);
      throw err;
    }
    closeSync(out);
    if (hash !== keyHash(item.key)) {
      unlinkSync(tmp);
      throw new DataError('CORRUPTED_OBJECT', `${item.src}: content hash ${hash} does not match object ${item.key}`);
    }
    renameInto(tmp, item.dst);
    return { ...stampOf(st), isExecutable: false, hash };
  });
}

function copyAndHash(src: number, out: number, size: number): string {
  const buf = readBuffer();
  const filled = size < buf.length ? fillSmall(src, buf, size) : 0;
  if (size < buf.length && filled < buf.length) {
    const bytes = buf.subarray(0, filled);
    writeAll(out, bytes);
    return hashBytes(bytes);
  }
  const hasher = new Blake3Hasher();
  const copy = (bytes: Buffer): void => {
    writeAll(out, bytes);
    hasher.update(bytes);
  };
  if (filled > 0) copy(buf.subarray(0, filled));
  readInto(src, buf, copy);
  return hasher.digest('hex');
}

function writeAll(fd: number, bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

function runOne(label: string, work: () => HashedFile): FileOpResult {
  try {
    return { ok: true, file: work() };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err, label) };
  }
}

/** One batch of work; the same function runs inline and in a worker. */
export function runFileTask(task: FileTask): FileOpResult[] {
  switch (task.op) {
    case 'hash':
      return task.paths.map((p) => runOne(p, () => hashPath(p)));
    case 'ingest':
      return task.paths.map((p) => runOne(p, () => ingestPath(p, task.target)));
    case 'copy':
      return task.items.map((i) => runOne(i.src, () => copyVerified(i, task.tmpDir)));
    case 'place':
      return task.items.map((i) => runOne(i.dst, () => placeObject(i, task.links)));
  }
}

const madeDirs = new Set<string>();
let placeCounter = 0;

/**
 * Puts a cache object at a workspace path: linked or copied to a temp name beside it and
 * renamed over it, so the path holds the old file or the complete new one. Copies get a
 * normal writable mode; hardlinks stay read-only because they are the cache object.
 */
export function placeObject(item: PlaceItem, links: LinkType[]): HashedFile {
  const dir = dirname(item.dst);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  if (links.find((l) => !failedLinks.has(l)) === 'hardlink' && linkFresh(item.src, item.dst)) return placed(item, 'hardlink');
  placeCounter += 1;
  const tmp = `${item.dst}.strata-tmp-${process.pid}-${threadId}-${placeCounter}`;
  let link: LinkType;
  try {
    link = placeFile(item.src, tmp, links);
    if (link !== 'hardlink') chmodSync(tmp, item.isExecutable ? 0o755 : 0o644);
    renameSync(tmp, item.dst);
  } catch (err) {
    rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && madeDirs.delete(dir)) return placeObject(item, links);
    throw err;
  }
  return placed(item, link);
}

function placed(item: PlaceItem, link: LinkType): HashedFile {
  const file: HashedFile = { ...stampOf(lstatSync(item.dst)), hash: item.hash };
  return link === 'hardlink' ? { ...file, isObjectLink: true } : file;
}

/** A new name can be linked in one step (a link is never partial); an existing one cannot. */
function linkFresh(src: string, dst: string): boolean {
  try {
    linkSync(src, dst);
    return true;
  } catch {
    return false;
  }
}
