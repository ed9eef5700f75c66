/**
 * A pool of worker threads for file work, one per core by default. Small jobs run inline:
 * starting a worker costs tens of milliseconds, more than hashing a few hundred files.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runFileTask, type FileOpResult, type FileTask } from './file-ops.js';

/**
 * Below this many files and bytes the work runs on the calling thread: a worker run from
 * source (tsx) takes ~200 ms to start, about what 1,500 small files take to hash inline.
 */
const INLINE_MAX_FILES = 1500;
const INLINE_MAX_BYTES = 64 << 20;
/** A batch is sent to a worker as one message: large enough to amortise the round trip. */
const BATCH_MAX_FILES = 256;
const BATCH_MAX_BYTES = 32 << 20;

interface Pending {
  resolve: (results: FileOpResult[]) => void;
  reject: (err: Error) => void;
}

export interface SizedItem<T> {
  item: T;
  size: number;
}

export class FilePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; task: FileTask }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(readonly size: number = availableParallelism()) {}

  /** Runs items in batches, inline when the job is small, and returns results in order. */
  async map<T>(items: SizedItem<T>[], toTask: (batch: T[]) => FileTask): Promise<FileOpResult[]> {
    const bytes = items.reduce((sum, i) => sum + i.size, 0);
    if (items.length <= INLINE_MAX_FILES && bytes <= INLINE_MAX_BYTES) {
      return items.length === 0 ? [] : runFileTask(toTask(items.map((i) => i.item)));
    }
    const batches = makeBatches(items);
    const results = await Promise.all(batches.map((b) => this.run(toTask(b))));
    return results.flat();
  }

  run(task: FileTask): Promise<FileOpResult[]> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, task });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      // Referenced only while busy: an idle pool must not keep the process alive.
      worker.ref();
      worker.postMessage(this.queue.shift());
    }
  }

  private spawn(): Worker | undefined {
    if (this.workers.length >= this.size) return undefined;
    const worker = createWorker();
    worker.on('message', (msg: { id: number; results: FileOpResult[] }) => {
      this.pending.get(msg.id)?.resolve(msg.results);
      this.pending.delete(msg.id);
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (err) => this.failAll(err));
    this.workers.push(worker);
    return worker;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/** Groups items so each batch holds at most BATCH_MAX_FILES files or BATCH_MAX_BYTES bytes. */
export function makeBatches<T>(items: SizedItem<T>[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const { item, size } of items) {
    if (current.length > 0 && (current.length >= BATCH_MAX_FILES || bytes + size > BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const selfPath = fileURLToPath(import.meta.url);

/**
 * The worker is a sibling file: `.js` once built, loaded directly. Run from source it is
 * `.ts`, and Node 20 applies neither `--import tsx` nor hooks registered in the parent to a
 * worker's entry module, so a small shim registers tsx inside the worker first.
 */
function createWorker(): Worker {
  const entry = new URL(`./hash-worker${extname(selfPath)}`, import.meta.url);
  if (extname(selfPath) !== '.ts') return new Worker(entry);
  const api = import.meta.resolve('tsx/esm/api');
  const shim = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(shim, { eval: true });
}
