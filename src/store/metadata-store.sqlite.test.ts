import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from './create-store.js';
import { runMetadataStoreContract } from './metadata-store.contract.js';

// The contracts on SQLite in memory (and PostgreSQL) run in metadata-store.test.ts; here, what a file adds.
const options = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };
const tempDir = mkdtempSync(path.join(tmpdir(), 'strata-store-'));
let fileCounter = 0;

after(() => rmSync(tempDir, { recursive: true, force: true }));

runMetadataStoreContract('SQLite file', () => {
  fileCounter += 1;
  return openStore(`sqlite:///${path.join(tempDir, 'nested', `store-${fileCounter}.db`)}`, options);
});

describe('SQLite store specifics', () => {
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
