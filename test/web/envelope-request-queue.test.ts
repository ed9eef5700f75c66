// The charts' page-wide envelope queue: two requests in flight, the rest in turn, and a queued
// request whose chart left the page (its signal aborted) is never sent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestQueue } from '../../web/src/features/charts/api/requestQueue.js';

/** A request the test finishes by hand, recording that it was sent. */
function manual(sent: string[], name: string) {
  let finish: (v: string) => void = () => undefined;
  const done = new Promise<string>((r) => (finish = r));
  return { run: () => (sent.push(name), done), finish: () => finish(name) };
}

describe('envelope request queue', () => {
  it('sends two at a time, the rest in the order asked', async () => {
    const queue = createRequestQueue(2);
    const sent: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => manual(sent, n)) as [ReturnType<typeof manual>, ReturnType<typeof manual>, ReturnType<typeof manual>];
    const signal = new AbortController().signal;
    const results = [queue.inTurn(signal, a.run), queue.inTurn(signal, b.run), queue.inTurn(signal, c.run)];
    await Promise.resolve();
    assert.deepEqual(sent, ['a', 'b']);
    a.finish();
    b.finish();
    c.finish();
    assert.deepEqual(await Promise.all(results), ['a', 'b', 'c']);
    assert.deepEqual(sent, ['a', 'b', 'c']);
  });

  it('never sends a queued request whose signal aborts, and passes its turn on', async () => {
    const queue = createRequestQueue(1);
    const sent: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => manual(sent, n)) as [ReturnType<typeof manual>, ReturnType<typeof manual>, ReturnType<typeof manual>];
    const left = new AbortController();
    const first = queue.inTurn(new AbortController().signal, a.run);
    const abandoned = queue.inTurn(left.signal, b.run);
    const last = queue.inTurn(new AbortController().signal, c.run);
    left.abort();
    await assert.rejects(abandoned, { name: 'AbortError' });
    assert.equal(queue.waiting, 1);
    a.finish();
    assert.equal(await first, 'a');
    c.finish();
    assert.equal(await last, 'c');
    assert.deepEqual(sent, ['a', 'c']);
  });

  it('rejects at once a request whose signal already aborted', async () => {
    const queue = createRequestQueue(2);
    const sent: string[] = [];
    await assert.rejects(queue.inTurn(AbortSignal.abort(), manual(sent, 'a').run), { name: 'AbortError' });
    assert.deepEqual(sent, []);
  });
});
