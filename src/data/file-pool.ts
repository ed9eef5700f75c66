/**
 * A pool of worker threads for file work. The calling thread works through the queue too
 * (it would otherwise sit idle waiting on workers), so a pool of `size` uses `size - 1`
 * workers, and a worker is only handed a batch once it has started: until then the calling
 * thread does the work. Small jobs never start a worker at all.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runFileTask, type FileOpResult, type FileTask } from './file-ops.js';

/**
 * Below this many files and bytes the work runs on the calling thread only: a worker run
 * from source (tsx) takes ~200 ms and ~300 ms of CPU to start, about what 1,500 small files
 * take inline.
 */
const INLINE_MAX_FILES = 1500;
const INLINE_MAX_BYTES = 64 << 20;
/** A batch is one message to a worker (or one slice of inline work between event-loop turns). */
const BATCH_MAX_FILES = 256;
const BATCH_MAX_BYTES = 32 << 20;

interface Job {
  id: number;
  task: FileTask;
}

interface Pending {
  resolve: (results: FileOpResult[]) => void;
  reject: (err: Error) => void;
}

export interface SizedItem<T> {
  item: T;
  size: number;
}

type WorkerMessage = { ready: true } | { id: number; results: FileOpResult[] };

export class FilePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, number>();
  private readonly queue: Job[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set when a worker failed: the calling thread then does all the remaining work. */
  private workersFailed = false;

  constructor(readonly size: number = availableParallelism()) {}

  /** Runs items in batches, inline when the job is small, and returns results in order. */
  async map<T>(items: SizedItem<T>[], toTask: (batch: T[]) => FileTask): Promise<FileOpResult[]> {
    if (items.length === 0) return [];
    const bytes = items.reduce((sum, i) => sum + i.size, 0);
    if (this.size <= 1 || (items.length <= INLINE_MAX_FILES && bytes <= INLINE_MAX_BYTES)) {
      return runFileTask(toTask(items.map((i) => i.item)));
    }
    const results = makeBatches(items).map((b) => this.enqueue(toTask(b)));
    this.dispatch();
    // The calling thread takes batches too, yielding between them so that workers that
    // finish (or finish starting) get the next batch without waiting for it.
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      this.settle(job.id, runFileTask(job.task));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return (await Promise.all(results)).flat();
  }

  run(task: FileTask): Promise<FileOpResult[]> {
    const result = this.enqueue(task);
    this.dispatch();
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
    this.busy.clear();
  }

  private enqueue(task: FileTask): Promise<FileOpResult[]> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, task });
    });
  }

  private settle(id: number, results: FileOpResult[]): void {
    this.pending.get(id)?.resolve(results);
    this.pending.delete(id);
  }

  private dispatch(): void {
    if (this.queue.length > 0 && !this.workersFailed && this.workers.length < this.size - 1) this.spawn();
    for (;;) {
      const job = this.idle.length > 0 ? this.queue.shift() : undefined;
      if (!job) return;
      const worker = this.idle.pop() as Worker;
      // Referenced only while busy: an idle pool must not keep the process alive.
      worker.ref();
      this.busy.set(worker, job.id);
      worker.postMessage(job);
    }
  }

  private spawn(): void {
    const worker = createWorker();
    worker.unref();
    worker.on('message', (msg: WorkerMessage) => {
      if (!('ready' in msg)) this.settle(msg.id, msg.results);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (err) => this.drop(worker, err));
    worker.on('exit', (code) => this.drop(worker, new Error(`file worker exited with code ${code}`)));
    this.workers.push(worker);
  }

  /** A failed worker fails only the batch it held; the calling thread does what is left. */
  private drop(worker: Worker, err: Error): void {
    const id = this.busy.get(worker);
    this.busy.delete(worker);
    if (id !== undefined) {
      this.pending.get(id)?.reject(err);
      this.pending.delete(id);
    }
    const at = this.workers.indexOf(worker);
    if (at < 0) return;
    this.workers.splice(at, 1);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    this.workersFailed = true;
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
