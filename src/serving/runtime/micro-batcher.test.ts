import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutputTensor } from '../scoring/format-predictions.js';
import { MicroBatcher, type PreparedCall } from './micro-batcher.js';

/** A fake model: output `y` = 10 × each row's first value, shape [N, 1]; refuses a NaN. */
async function timesTen(call: PreparedCall): Promise<Map<string, OutputTensor>> {
  const part = call.parts[0]!;
  const width = part.shape[1] ?? 1;
  const data = new Float32Array(call.rows);
  for (let r = 0; r < call.rows; r++) {
    const v = (part.data as Float32Array)[r * width]!;
    if (Number.isNaN(v)) throw new Error('NaN row');
    data[r] = v * 10;
  }
  return new Map([['y', { type: 'float32', dims: [call.rows, 1], data }]]);
}

const call = (rows: number[][]): PreparedCall => ({
  rows: rows.length,
  parts: [{ name: 'x', type: 'float32', data: Float32Array.from(rows.flat()), shape: [rows.length, rows[0]!.length] }],
  batchable: true,
});

const values = (outputs: Map<string, OutputTensor>): number[] => Array.from(outputs.get('y')!.data as Float32Array);

describe('MicroBatcher', () => {
  it('merges calls of the same turn into one run and splits the rows back in order', async () => {
    const runs: number[] = [];
    const batcher = new MicroBatcher(async (c) => {
      runs.push(c.rows);
      return timesTen(c);
    });
    const answers = await Promise.all([batcher.submit(call([[1, 0]])), batcher.submit(call([[2, 0], [3, 0]])), batcher.submit(call([[4, 0]]))]);
    assert.deepEqual(answers.map(values), [[10], [20, 30], [40]]);
    assert.deepEqual(answers.map((a) => a.get('y')!.dims), [[1, 1], [2, 1], [1, 1]]);
    assert.deepEqual(runs, [4], 'one run of 4 rows');
  });

  it('keeps calls with different inputs apart and caps the rows of a run', async () => {
    const runs: number[] = [];
    const batcher = new MicroBatcher(
      async (c) => {
        runs.push(c.rows);
        return timesTen(c);
      },
      { maxRows: 2 },
    );
    const answers = await Promise.all([batcher.submit(call([[1, 0]])), batcher.submit(call([[2]])), batcher.submit(call([[3, 0]])), batcher.submit(call([[5, 0]]))]);
    assert.deepEqual(answers.map(values), [[10], [20], [30], [50]]);
    assert.deepEqual(runs.sort(), [1, 1, 2], 'width-2 calls in runs of at most 2 rows, the width-1 call alone');
  });

  it('fails only the call that cannot run, not its neighbours', async () => {
    const batcher = new MicroBatcher(timesTen);
    const results = await Promise.allSettled([batcher.submit(call([[1]])), batcher.submit(call([[Number.NaN]])), batcher.submit(call([[3]]))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(values((results[2] as PromiseFulfilledResult<Map<string, OutputTensor>>).value), [30]);
  });

  it('runs calls apart when an output loses the batch dimension', async () => {
    const batcher = new MicroBatcher(async (c) => new Map([['sum', { type: 'float32', dims: [1], data: Float32Array.of(c.rows) }]]));
    const answers = await Promise.all([batcher.submit(call([[1]])), batcher.submit(call([[2], [3]]))]);
    assert.deepEqual(answers.map((a) => Array.from(a.get('sum')!.data as Float32Array)), [[1], [2]]);
  });
});
