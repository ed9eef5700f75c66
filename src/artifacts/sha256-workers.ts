/**
 * SHA-256 off the event loop. Hashing costs ~0.6 s of CPU per GiB even with SHA-NI, as
 * much as receiving and writing the bytes; done on the main thread it serialises with
 * both. A small pool of worker threads hashes regions of a SharedArrayBuffer that the
 * caller fills (the same memory it writes to disk from), so no byte is copied for the
 * hash and the memory in use stays fixed whatever the file's size.
 *
 * Also used by the SDK's Node half (src/client/node) for downloads.
 */
import { createHash, type Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Plain CommonJS, evaluated: works the same from the TypeScript sources (tsx) and a build.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'open') jobs.set(m.id, { hash: createHash('sha256'), view: Buffer.from(m.sab) });
  else if (m.t === 'h') {
    const job = jobs.get(m.id);
    job.hash.update(job.view.subarray(m.off, m.off + m.len));
    parentPort.postMessage({ id: m.id, t: 'a', seq: m.seq });
  } else if (m.t === 'd') {
    const job = jobs.get(m.id);
    jobs.delete(m.id);
    parentPort.postMessage({ id: m.id, t: 'd', hex: job.hash.digest('hex') });
  } else if (m.t === 'x') jobs.delete(m.id);
});
`;

interface WorkerReply {
  id: number;
  t: 'a' | 'd';
  seq?: number;
  hex?: string;
}

interface PendingJob {
  acks: Map<number, () => void>;
  digest?: { resolve: (hex: string) => void; reject: (error: Error) => void };
  fail(error: Error): void;
}

/** One hash in progress: regions of `sab` are hashed in the order they are given. */
export interface RegionHasher {
  /** Resolves once the region has been hashed (its memory may then be reused). */
  hash(offset: number, length: number): Promise<void>;
  digest(): Promise<string>;
  /** Drops the hash (a failed upload); the regions given so far may still be read once. */
  abandon(): void;
}

class PooledWorker {
  readonly jobs = new Map<number, PendingJob>();
  private readonly worker: Worker;
  dead = false;

  constructor(onExit: (w: PooledWorker) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (m: WorkerReply) => this.onMessage(m));
    const die = (error: Error) => {
      if (this.dead) return;
      this.dead = true;
      onExit(this);
      for (const job of this.jobs.values()) job.fail(error);
      this.jobs.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`SHA-256 worker exited (code ${code})`)));
  }

  post(message: object): void {
    this.worker.postMessage(message);
  }

  track(id: number, job: PendingJob): void {
    if (this.jobs.size === 0) this.worker.ref();
    this.jobs.set(id, job);
  }

  untrack(id: number): void {
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.worker.unref();
  }

  private onMessage(m: WorkerReply): void {
    const job = this.jobs.get(m.id);
    if (!job) return;
    if (m.t === 'a') {
      const ack = job.acks.get(m.seq!);
      job.acks.delete(m.seq!);
      ack?.();
    } else {
      this.untrack(m.id);
      job.digest?.resolve(m.hex!);
    }
  }
}

const pool: PooledWorker[] = [];
/**
 * One core is left to the event loop. Each worker costs ~10 MiB of resident memory;
 * STRATA_HASH_WORKERS=0 hashes inline instead (still overlapped with the file writes),
 * which measured ~1.5x slower for 1 GiB uploads and downloads on two cores.
 */
const POOL_SIZE = poolSize(process.env.STRATA_HASH_WORKERS, availableParallelism());

/** `STRATA_HASH_WORKERS` (0-16) overrides the default, which follows the core count. */
function poolSize(setting: string | undefined, cores: number): number {
  const wanted = Number(setting);
  if (setting !== undefined && setting !== '' && Number.isInteger(wanted) && wanted >= 0 && wanted <= 16) return wanted;
  return Math.max(1, Math.min(4, cores - 1));
}
let nextJobId = 1;

function pickWorker(): PooledWorker | undefined {
  if (POOL_SIZE === 0) return undefined;
  if (pool.length < POOL_SIZE) {
    const created = new PooledWorker((w) => pool.splice(pool.indexOf(w), 1));
    pool.push(created);
    return created;
  }
  return pool.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
}

/** A hasher of regions of `sab` on a worker thread, or on this thread if no worker can start. */
export function regionHasher(sab: SharedArrayBuffer): RegionHasher {
  let worker: PooledWorker | undefined;
  try {
    worker = pickWorker();
  } catch {
    worker = undefined;
  }
  if (!worker) return inlineRegionHasher(Buffer.from(sab));
  const id = nextJobId++;
  let seq = 0;
  let failure: Error | undefined;
  const job: PendingJob = {
    acks: new Map(),
    fail(error) {
      failure = error;
      for (const ack of job.acks.values()) ack();
      job.acks.clear();
      job.digest?.reject(error);
    },
  };
  worker.track(id, job);
  worker.post({ t: 'open', id, sab });
  return {
    hash(offset, length) {
      if (failure) return Promise.reject(failure);
      const n = seq++;
      return new Promise<void>((resolve) => {
        job.acks.set(n, resolve);
        worker.post({ t: 'h', id, off: offset, len: length, seq: n });
      }).then(() => {
        if (failure) throw failure;
      });
    },
    digest() {
      if (failure) return Promise.reject(failure);
      return new Promise<string>((resolve, reject) => {
        job.digest = { resolve, reject };
        worker.post({ t: 'd', id });
      });
    },
    abandon() {
      if (worker.jobs.has(id)) worker.post({ t: 'x', id });
      worker.untrack(id);
    },
  };
}

function inlineRegionHasher(view: Buffer): RegionHasher {
  const hash: Hash = createHash('sha256');
  return {
    async hash(offset, length) {
      hash.update(view.subarray(offset, offset + length));
    },
    async digest() {
      return hash.digest('hex');
    },
    abandon() {},
  };
}
