/**
 * Groups the model calls that arrive in the same event-loop turn into one: onnxruntime-node runs
 * a session synchronously on the main thread, and each run has a fixed cost (binding, allocation,
 * graph dispatch) that dwarfs a one-row logistic regression. Calls are concatenated along the
 * batch dimension, run once, and the outputs split back. Only calls with the same inputs (names,
 * types, per-row shapes) share a run; a model whose outputs do not keep the batch dimension is
 * never batched (OnnxModel decides).
 */
import type { OutputTensor } from '../scoring/format-predictions.js';

export type FeedData = Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array | string[];

/** One input of one call, row-major, with its full shape (the first dimension is the rows). */
export interface FeedPart {
  name: string;
  type: string;
  data: FeedData;
  shape: number[];
}

export interface PreparedCall {
  rows: number;
  parts: FeedPart[];
  /** Every part's first dimension is `rows`, so the call can share a run with others. */
  batchable: boolean;
}

export type RunFeeds = (call: PreparedCall) => Promise<Map<string, OutputTensor>>;

interface Pending {
  call: PreparedCall;
  resolve(outputs: Map<string, OutputTensor>): void;
  reject(error: unknown): void;
}

export interface MicroBatcherOptions {
  /** Most rows in one merged run (default 256); beyond it a new run starts. */
  maxRows?: number;
  /** Told the size of each merged run (metrics, benchmarks). */
  onBatch?: (calls: number, rows: number) => void;
}

export class MicroBatcher {
  readonly #run: RunFeeds;
  readonly #maxRows: number;
  readonly #onBatch: ((calls: number, rows: number) => void) | undefined;
  #queue = new Map<string, Pending[]>();
  #scheduled = false;

  constructor(run: RunFeeds, options: MicroBatcherOptions = {}) {
    this.#run = run;
    this.#maxRows = options.maxRows ?? 256;
    this.#onBatch = options.onBatch;
  }

  submit(call: PreparedCall): Promise<Map<string, OutputTensor>> {
    const key = call.parts.map((p) => `${p.name}:${p.type}:${p.shape.slice(1).join('x')}`).join('|');
    return new Promise((resolve, reject) => {
      let list = this.#queue.get(key);
      if (!list) this.#queue.set(key, (list = []));
      list.push({ call, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate runs after the current poll phase: every request whose body completed in
        // this turn is queued by then.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = new Map();
    for (const pending of queue.values()) {
      let start = 0;
      while (start < pending.length) {
        let rows = 0;
        let end = start;
        while (end < pending.length && (end === start || rows + pending[end]!.call.rows <= this.#maxRows)) rows += pending[end++]!.call.rows;
        void this.#runGroup(pending.slice(start, end), rows);
        start = end;
      }
    }
  }

  async #runGroup(group: Pending[], rows: number): Promise<void> {
    if (group.length === 1) {
      const only = group[0]!;
      this.#run(only.call).then(only.resolve, only.reject);
      return;
    }
    this.#onBatch?.(group.length, rows);
    let outputs: Map<string, OutputTensor>;
    try {
      outputs = await this.#run(merge(group.map((p) => p.call), rows));
    } catch {
      // One bad call must not fail its neighbours: run each alone so only the culprit errs.
      for (const p of group) this.#run(p.call).then(p.resolve, p.reject);
      return;
    }
    const split = splitOutputs(outputs, group.map((p) => p.call.rows), rows);
    if (!split) {
      for (const p of group) this.#run(p.call).then(p.resolve, p.reject);
      return;
    }
    group.forEach((p, i) => p.resolve(split[i]!));
  }
}

function merge(calls: PreparedCall[], rows: number): PreparedCall {
  const first = calls[0]!;
  const parts = first.parts.map((part, k): FeedPart => {
    const rowSize = part.shape.slice(1).reduce((a, b) => a * b, 1);
    const shape = [rows, ...part.shape.slice(1)];
    if (Array.isArray(part.data)) {
      const data: string[] = [];
      for (const call of calls) data.push(...(call.parts[k]!.data as string[]));
      return { ...part, data, shape };
    }
    const Ctor = part.data.constructor as new (length: number) => Exclude<FeedData, string[]>;
    const data = new Ctor(rows * rowSize);
    let offset = 0;
    for (const call of calls) {
      const piece = call.parts[k]!.data as Exclude<FeedData, string[]>;
      (data as { set(a: ArrayLike<number | bigint>, o: number): void }).set(piece as ArrayLike<number | bigint>, offset);
      offset += piece.length;
    }
    return { ...part, data, shape };
  });
  return { rows, parts, batchable: true };
}

/** Splits each output along its first dimension; undefined when an output has no batch dimension. */
function splitOutputs(outputs: Map<string, OutputTensor>, sizes: number[], rows: number): Map<string, OutputTensor>[] | undefined {
  const result = sizes.map(() => new Map<string, OutputTensor>());
  for (const [name, tensor] of outputs) {
    if (tensor.dims.length === 0 || tensor.dims[0] !== rows) return undefined;
    const rowSize = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
    let offset = 0;
    sizes.forEach((size, i) => {
      const data = tensor.data as unknown as { subarray?(a: number, b: number): ArrayLike<unknown>; slice(a: number, b: number): ArrayLike<unknown> };
      const piece = data.subarray ? data.subarray(offset * rowSize, (offset + size) * rowSize) : data.slice(offset * rowSize, (offset + size) * rowSize);
      result[i]!.set(name, { type: tensor.type, dims: [size, ...tensor.dims.slice(1)], data: piece });
      offset += size;
    });
  }
  return result;
}
