/**
 * Remembers the hash of every file seen, keyed by repo-relative path and checked against
 * (inode, size, mtime), so an unchanged file is never read twice. It also remembers,
 * per tracked folder, the fingerprint of its whole listing (tree-fingerprint.ts) and the
 * manifest hash that listing had, so `status` on an unchanged folder needs only the walk:
 * no per-file lookups, no manifest to read.
 *
 * Stored as `.strata/state.json`, written atomically (temp + rename), as two lines: a small
 * header `{version, trees: [path, fingerprint, manifest hash, …]}`, then the file entries
 * as a flat array `[path, stamp, hash, path, …]`. The second line (2.4 MB for 20,000 files)
 * is parsed only when a file is looked up, which an unchanged folder's status never does.
 * A flat array parses in ~15 ms of CPU, half what an object keyed by path takes. This beat
 * better-sqlite3 here: a command touches most entries anyway, so one parse and one write are
 * cheaper than 20,000 statement steps, and a JSON file needs no native module in worker
 * threads. Losing or corrupting it costs only re-hashing, so concurrent writers simply let
 * the last one win.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FileStamp } from './file-ops.js';

/**
 * 4: stamps from Node's number stats (mtimeMs). 1–3 stamped with BigInt stats (inode and
 * mtime in ns); their entries are converted on load (see fromNanosecondSignature).
 */
const STATE_VERSION = 4;

interface StateHeader {
  version: number;
  /** Versions 3 and 4: folder path, listing fingerprint, manifest hash, …. */
  trees?: unknown;
  /** Versions 1 and 2 kept the entries in the same object. */
  entries?: unknown;
}

type Entries = Map<string, [string, string]>;

function signature(stamp: FileStamp): string {
  return `${stamp.ino}:${stamp.size}:${stamp.mtimeMs}`;
}

export class StateCache {
  private dirty = false;
  private parsedEntries: Entries | undefined;

  private constructor(
    private readonly path: string,
    private readonly trees: Map<string, [string, string]>,
    /** The entries line as read, parsed on first use (and written back as is if never used). */
    private entriesBytes: Buffer | undefined,
  ) {}

  static load(path: string): StateCache {
    const { trees, entries, entriesBytes } = readStateFile(path);
    const cache = new StateCache(path, trees, entriesBytes);
    if (entries) {
      cache.parsedEntries = entries;
      // Converted from an older format: the next save writes the current one.
      cache.dirty = true;
    }
    return cache;
  }

  private get entries(): Entries {
    if (!this.parsedEntries) {
      this.parsedEntries = parseEntries(this.entriesBytes);
      this.entriesBytes = undefined;
    }
    return this.parsedEntries;
  }

  /** The hash recorded for this path, if the file still has the stamp it had then. */
  lookup(relPath: string, stamp: FileStamp): string | undefined {
    const entry = this.entries.get(relPath);
    return entry && entry[0] === signature(stamp) ? entry[1] : undefined;
  }

  /** Whether anything was recorded for this path, whatever its stamp is now. */
  has(relPath: string): boolean {
    return this.entries.has(relPath);
  }

  record(relPath: string, stamp: FileStamp, hash: string): void {
    const sig = signature(stamp);
    const entry = this.entries.get(relPath);
    if (entry && entry[0] === sig && entry[1] === hash) return;
    this.entries.set(relPath, [sig, hash]);
    this.dirty = true;
  }

  forget(relPath: string): void {
    if (this.entries.delete(relPath)) this.dirty = true;
  }

  /** The manifest hash recorded for this folder, if its listing still has this fingerprint. */
  lookupTree(relPath: string, fingerprint: string): string | undefined {
    const tree = this.trees.get(relPath);
    return tree && tree[0] === fingerprint ? tree[1] : undefined;
  }

  recordTree(relPath: string, fingerprint: string, manifestHash: string): void {
    const tree = this.trees.get(relPath);
    if (tree && tree[0] === fingerprint && tree[1] === manifestHash) return;
    this.trees.set(relPath, [fingerprint, manifestHash]);
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    const trees: string[] = [];
    for (const [rel, [fingerprint, hash]] of this.trees) trees.push(rel, fingerprint, hash);
    const header: StateHeader = { version: STATE_VERSION, trees };
    const tmp = `${this.path}.tmp-${process.pid}`;
    // JSON.stringify never emits a raw newline, so the first one ends the header.
    const entries = this.entriesBytes ?? Buffer.from(JSON.stringify(flatten(this.entries)));
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), entries]));
    renameSync(tmp, this.path);
    this.dirty = false;
  }
}

function flatten(entries: Entries): string[] {
  const flat: string[] = [];
  for (const [rel, [sig, hash]] of entries) flat.push(rel, sig, hash);
  return flat;
}

interface StateFile {
  trees: Map<string, [string, string]>;
  /** Set for the older one-object formats, parsed with the header. */
  entries?: Entries;
  entriesBytes?: Buffer;
}

/**
 * A missing, unreadable or foreign state file is treated as empty: it is only a cache. Only
 * the header is decoded here; the entries stay bytes until a file is looked up.
 */
function readStateFile(path: string): StateFile {
  const trees = new Map<string, [string, string]>();
  let bytes: Buffer;
  let header: StateHeader;
  try {
    bytes = readFileSync(path);
    const end = bytes.indexOf(0x0a);
    header = JSON.parse((end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8')) as StateHeader;
    const entriesBytes = end < 0 ? undefined : bytes.subarray(end + 1);
    if (header.version === STATE_VERSION) {
      readTriples(header.trees, (rel, fingerprint, hash) => trees.set(rel, [fingerprint, hash]));
      return { trees, entriesBytes };
    }
    // Version 3's folder fingerprints hashed ns stamps: they match no listing now and are
    // dropped; the next status of each folder records it again from the converted entries.
    if (header.version === 3) return { trees, entries: convertEntries(parseEntries(entriesBytes)) };
  } catch {
    return { trees };
  }
  return { trees, entries: convertEntries(readOlderEntries(header)) };
}

function convertEntries(entries: Entries): Entries {
  for (const [rel, [sig, hash]] of entries) entries.set(rel, [fromNanosecondSignature(sig), hash]);
  return entries;
}

/**
 * An entry of versions 1–3, `inode:size:mtime ns`, as the signature number stats give the
 * same unchanged file: Node computes mtimeMs as sec * 1e3 + nsec / 1e6 in doubles and the
 * inode as a double, and so does this (checked against 20,000 files). Should a Node release
 * compute it otherwise, the files only get hashed once more; a signature that does not
 * parse never matches, with the same effect.
 */
export function fromNanosecondSignature(sig: string): string {
  const [ino, size, ns] = sig.split(':');
  if (ino === undefined || size === undefined || ns === undefined) return sig;
  try {
    const t = BigInt(ns);
    const mtimeMs = Number(t / 1_000_000_000n) * 1e3 + Number(t % 1_000_000_000n) / 1e6;
    return `${Number(BigInt(ino))}:${size}:${mtimeMs}`;
  } catch {
    return sig;
  }
}

function parseEntries(bytes: Buffer | undefined): Entries {
  const entries: Entries = new Map();
  if (bytes === undefined) return entries;
  try {
    readTriples(JSON.parse(bytes.toString('utf8')), (rel, sig, hash) => entries.set(rel, [sig, hash]));
  } catch {
    // A damaged entries line only means those files are hashed again.
  }
  return entries;
}

function readTriples(flat: unknown, use: (a: string, b: string, c: string) => void): void {
  if (!Array.isArray(flat)) return;
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const [a, b, c] = [flat[i], flat[i + 1], flat[i + 2]];
    if (typeof a === 'string' && typeof b === 'string' && typeof c === 'string') use(a, b, c);
  }
}

/** Written by an earlier version: still valid, so nothing is hashed again after an upgrade. */
function readOlderEntries(header: StateHeader): Entries {
  const entries: Entries = new Map();
  const raw = header.entries;
  if (header.version === 2) readTriples(raw, (rel, sig, hash) => entries.set(rel, [sig, hash]));
  else if (header.version === 1 && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    for (const [rel, entry] of Object.entries(raw as Record<string, [string, string]>)) entries.set(rel, entry);
  }
  return entries;
}
