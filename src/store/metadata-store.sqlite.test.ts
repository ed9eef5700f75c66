import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from './create-store.js';
import { runMetadataStoreContract } from './metadata-store.contract.js';

const options = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };
const tempDir = mkdtempSync(path.join(tmpdir(), 'strata-store-'));
let fileCounter = 0;

after(() => rmSync(tempDir, { recursive: true, force: true }));

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

runMetadataStoreContract('SQLite in memory', () => openStore('sqlite:///:memory:', options));

runMetadataStoreContract('SQLite file', () => {
  fileCounter += 1;
  return openStore(`sqlite:///${path.join(tempDir, 'nested', `store-${fileCounter}.db`)}`, options);
});

describe('SQLite store specifics', () => {
  it('returns a 100,000-point history about as fast as the bare driver', async () => {
    // Absolute times depend on the machine and its load (the target is well under
    // 100 ms on an idle one), so the check is relative to better-sqlite3 reading the
    // same rows, best of 5; STRATA_HISTORY_BUDGET_MS adds an absolute bound.
    const file = path.join(tempDir, 'history.db');
    const store = await openStore(`sqlite:///${file}`, options);
    const run = { runId: 'r', experimentId: '0', runName: 'r', userId: 'u', status: 'RUNNING' as const, startTime: 1, artifactUri: 'a', tags: [] };
    try {
      await store.createRun(run);
      await store.logMetrics('r', Array.from({ length: 100_000 }, (_, i) => ({ key: 'm', value: i, step: i, timestamp: i })));
      const raw = new BetterSqlite3(file, { readonly: true });
      const statement = raw.prepare(
        "select step, timestamp, value, is_nan from metrics where run_uuid = 'r' and key = 'm' order by step, timestamp, value, is_nan",
      );
      // Interleaved so a burst of load elsewhere hits both measurements alike.
      let storeMs = Number.POSITIVE_INFINITY;
      let driverMs = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 5; i += 1) {
        storeMs = Math.min(storeMs, await timed(async () => assert.equal((await store.getMetricHistory({ runId: 'r', key: 'm' })).items.length, 100_000)));
        driverMs = Math.min(driverMs, await timed(async () => assert.equal(statement.all().length, 100_000)));
      }
      raw.close();
      console.log(`history of 100,000 points: store ${storeMs.toFixed(1)} ms, bare driver ${driverMs.toFixed(1)} ms`);
      assert.ok(storeMs < driverMs * 2.5 + 25, `store ${storeMs.toFixed(1)} ms vs driver ${driverMs.toFixed(1)} ms`);
      const budget = Number(process.env.STRATA_HISTORY_BUDGET_MS ?? 'Infinity');
      assert.ok(storeMs < budget, `store ${storeMs.toFixed(1)} ms over the ${budget} ms budget`);
    } finally {
      await store.close();
    }
  });

  it('keeps committed data in a file across reopen, in WAL mode', async () => {
    const file = path.join(tempDir, 'reopen.db');
    const first = await openStore(`sqlite:///${file}`, options);
    await first.createExperiment({ name: 'kept', artifactLocation: 'x', tags: [], creationTime: 1 });
    await first.close();
    const second = await openStore(`sqlite:///${file}`, options);
    try {
      assert.equal((await second.findExperimentByName('kept'))?.experimentId, '1');
      assert.deepEqual(await second.migrate(), []);
    } finally {
      await second.close();
    }
  });
});
