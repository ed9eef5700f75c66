// kill -9 during ingest: every write the server acknowledged must be there after a
// restart, and the database must open. Runs the real CLI in a child process.
// SQLite only: what a kill -9 leaves in the server's own SQLite file (its journal, its locks)
// is under test; a PostgreSQL server keeps its data whatever happens to Strata's process.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServerProcess, type ServerProcess } from '../helpers/spawn-server-process.js';

const api = (base: string, path: string) => `${base}/api/2.0/mlflow/${path}`;
/** The kill comes once this many writes were acknowledged (not after a fixed time), mid-stream. */
const KILL_AFTER_ACKNOWLEDGED = 200;

async function post(base: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(api(base, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe('kill -9 during ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-kill-'));
  const dbUri = `sqlite:///${join(dir, 'strata.db')}`;
  let server: ServerProcess | undefined;
  after(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged point and reopens the database', async () => {
    server = await spawnServerProcess(['--backend-store-uri', dbUri, '--default-artifact-root', join(dir, 'artifacts')]);
    const created = await post(server.url, 'runs/create', { experiment_id: '0', start_time: Date.now() });
    const runId = (created.run as { info: { run_id: string } }).info.run_id;

    const acknowledged: number[] = [];
    let stop = false;
    let enough!: () => void;
    const enoughAcknowledged = new Promise<void>((resolve) => (enough = resolve));
    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const step = i * 4 + lane;
        try {
          await post(server!.url, 'runs/log-batch', {
            run_id: runId,
            metrics: [{ key: 'loss', value: step / 10, timestamp: 1_700_000_000_000 + step, step }],
          });
          acknowledged.push(step);
          if (acknowledged.length >= KILL_AFTER_ACKNOWLEDGED) enough();
        } catch {
          return; // the server died under us: that write was never acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    // Writers end on their own only if the server died early: then the count below fails.
    await Promise.race([enoughAcknowledged, Promise.all(writers)]);
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await server.exited;
    assert.ok(acknowledged.length >= KILL_AFTER_ACKNOWLEDGED, `only ${acknowledged.length} writes acknowledged before the kill`);

    server = await spawnServerProcess(['--backend-store-uri', dbUri, '--default-artifact-root', join(dir, 'artifacts')]);
    const res = await fetch(`${api(server.url, 'metrics/get-history')}?run_id=${runId}&metric_key=loss`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { metrics?: Array<{ step: number }> };
    const stored = new Set((body.metrics ?? []).map((m) => m.step));
    const missing = acknowledged.filter((s) => !stored.has(s));
    assert.deepEqual(missing, [], `acknowledged points lost after kill -9: ${missing.length}`);
    server.kill('SIGTERM');
    await server.exited;
  });
});
