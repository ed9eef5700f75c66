import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadedModel, Predictions } from '../contracts.js';
import { createModelSlot } from './model-slot.js';

/** A model whose calls finish when the test says so, recording when it is closed. */
function fakeModel(version: string) {
  const waiting: (() => void)[] = [];
  let closed = false;
  const model: LoadedModel = {
    version,
    modelUri: 'models:/m@prod',
    signature: undefined,
    inputExample: undefined,
    async predict(): Promise<Predictions> {
      if (closed) throw new Error(`version ${version} used after close`);
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (closed) throw new Error(`version ${version} closed under a running call`);
      return [version];
    },
    async close() {
      closed = true;
    },
  };
  return { model, finishAll: () => waiting.splice(0).forEach((f) => f()), isClosed: () => closed, pending: () => waiting.length };
}

async function scored(slot: ReturnType<typeof createModelSlot>): Promise<Predictions> {
  const lease = slot.lease();
  assert.ok(lease);
  try {
    return await lease.model.predict({ kind: 'columns', columns: [], rows: [] });
  } finally {
    lease.release();
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createModelSlot', () => {
  it('has no model to lease until one is swapped in', () => {
    const slot = createModelSlot();
    assert.equal(slot.current(), undefined);
    assert.equal(slot.lease(), undefined);
  });

  it('finishes in-flight calls on the old model, sends new ones to the new, then closes the old', async () => {
    const v1 = fakeModel('1');
    const v2 = fakeModel('2');
    const slot = createModelSlot(v1.model);
    const before = [scored(slot), scored(slot), scored(slot)];
    await tick();
    assert.equal(v1.pending(), 3);

    slot.swap(v2.model);
    assert.equal(slot.current()?.version, '2');
    assert.equal(v1.isClosed(), false, 'not closed while leased');
    const afterSwap = [scored(slot), scored(slot)];
    await tick();
    assert.equal(v2.pending(), 2);

    v1.finishAll();
    assert.deepEqual(await Promise.all(before), [['1'], ['1'], ['1']]);
    await tick();
    assert.equal(v1.isClosed(), true, 'closed after its last lease');
    v2.finishAll();
    assert.deepEqual(await Promise.all(afterSwap), [['2'], ['2']]);
    assert.equal(v2.isClosed(), false);
  });

  it('closes an idle old model at once, and a lease released twice counts once', async () => {
    const v1 = fakeModel('1');
    const v2 = fakeModel('2');
    const v3 = fakeModel('3');
    const slot = createModelSlot(v1.model);
    const lease = slot.lease();
    assert.ok(lease);
    const other = slot.lease();
    lease.release();
    lease.release();
    slot.swap(v2.model);
    await tick();
    assert.equal(v1.isClosed(), false, 'the other lease still holds v1');
    other?.release();
    await tick();
    assert.equal(v1.isClosed(), true);
    slot.swap(v3.model);
    await tick();
    assert.equal(v2.isClosed(), true, 'v2 was never leased');
  });
});
