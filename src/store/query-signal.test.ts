// The store side of canceling reads and reporting health, on SQLite (PostgreSQL, where a
// running query is canceled on the server, is covered by test/http/postgres-timeouts.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from './create-store.js';

const options = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

describe('query signals and health on SQLite', () => {
  it('refuses to start a long read for a client that is already gone', async () => {
    const store = await openStore('sqlite:///:memory:', options);
    try {
      const signal = AbortSignal.abort();
      const query = { experimentIds: ['0'], orderBy: [], viewType: 'ALL' as const, maxResults: 10, signal };
      await assert.rejects(store.searchRuns(query), { code: 'BAD_REQUEST', status: 499 });
      await assert.rejects(store.getMetricHistoryJson('r', 'loss', { signal }), { status: 499 });
      await assert.rejects(store.getMetricHistory({ runId: 'r', key: 'loss', signal }), { status: 499 });
      assert.deepEqual(await store.searchRuns({ ...query, signal: new AbortController().signal }), { items: [] });
    } finally {
      await store.close();
    }
  });

  it('reports healthy, and unhealthy while its one connection is held past the probe timeout', async () => {
    const store = await openStore('sqlite:///:memory:', options);
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    try {
      assert.equal(await store.checkHealth(1_000), undefined);
      const held = store.transaction(() => gate);
      assert.match((await store.checkHealth(100)) ?? '', /did not answer within 100 ms/);
      open();
      await held;
      assert.equal(await store.checkHealth(1_000), undefined);
    } finally {
      open();
      await store.close();
    }
  });
});
