// PostgreSQL under slow queries: a statement past the timeout is answered with a clear
// error, a query whose client went away is canceled on the server, and /health reports a
// pool with no free connection instead of answering OK while every request waits.
// Slowness comes from locks held by a second connection, not from user input.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { postgresTestTarget } from '../helpers/postgres-test-uri.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';

const target = await postgresTestTarget();
const skip = 'skip' in target ? target.skip : false;
if (skip) console.log(`# skipping PostgreSQL timeout tests: ${skip}`);

const APP_NAME = `strata_timeouts_${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The test schema's URI, with an application_name that finds the server's backends in pg_stat_activity. */
function serverUri(uri: string): string {
  const url = new URL(uri);
  url.searchParams.set('application_name', APP_NAME);
  return url.toString();
}

/** A second connection that holds `table` locked until the returned function is called. */
async function lockTable(uri: string, table: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  await client.query('begin');
  await client.query(`lock table ${table} in access exclusive mode`);
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}

/** Server backends waiting for a lock: the queries still running for this test's server. */
async function waitingQueries(admin: pg.Client): Promise<number> {
  const result = await admin.query<{ count: string }>(
    "select count(*) from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'",
    [APP_NAME],
  );
  return Number(result.rows[0]?.count ?? 0);
}

async function until(what: string, condition: () => Promise<boolean>, withinMs = 5_000): Promise<void> {
  for (const started = Date.now(); !(await condition()); await sleep(25)) {
    if (Date.now() - started > withinMs) assert.fail(`not within ${withinMs} ms: ${what}`);
  }
}

/** Sends a request and hangs up after `ms`, as a browser tab closed mid-search does. */
function abandonedRequest(server: TestServer, path: string, body: string | undefined, ms: number): void {
  const req = request(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
  });
  req.on('error', () => {});
  req.end(body);
  setTimeout(() => req.destroy(), ms);
}

describe('PostgreSQL statement timeout, cancellation and pool health', { skip }, () => {
  let uri: string;
  let admin: pg.Client;
  before(async () => {
    if (!('uri' in target)) return;
    uri = target.uri;
    admin = new pg.Client({ connectionString: uri });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
    if ('drop' in target) await target.drop();
  });

  it('answers a search past the statement timeout with 503 and says why, instead of a bare 500', async () => {
    const server = await startTestServer({ backendStoreUri: serverUri(uri), statementTimeoutMs: 300 });
    try {
      const { experimentId } = await createExperimentAndRun(server);
      const unlock = await lockTable(uri, 'runs');
      try {
        const res = await fetch(`${server.url}/api/2.0/mlflow/runs/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ experiment_ids: [experimentId] }),
          // Without a statement timeout the search would wait for the lock as long as the test holds it.
          signal: AbortSignal.timeout(5_000),
        });
        assert.equal(res.status, 503);
        const body = (await res.json()) as { error_code: string; message: string };
        assert.equal(body.error_code, 'TEMPORARILY_UNAVAILABLE');
        assert.match(body.message, /statement timeout \(300 ms\)/);
      } finally {
        await unlock();
      }
      // Migrations, which may wait long for another replica, are not subject to it: a
      // second server starts while the migration lock is held for longer than the timeout.
      await admin.query("select pg_advisory_lock(hashtext('strata_migrations'))");
      const release = sleep(600).then(() => admin.query("select pg_advisory_unlock(hashtext('strata_migrations'))"));
      const second = await startTestServer({ backendStoreUri: serverUri(uri), statementTimeoutMs: 300 });
      await release;
      await second.close();
    } finally {
      await server.close();
    }
  });

  it('cancels the query of a search or metric history whose client went away', async () => {
    // The default statement timeout (30 s) would free nothing within this test.
    const server = await startTestServer({ backendStoreUri: serverUri(uri) });
    try {
      const { experimentId, runId } = await createExperimentAndRun(server);
      for (const [table, path, body] of [
        ['runs', '/api/2.0/mlflow/runs/search', JSON.stringify({ experiment_ids: [experimentId] })],
        ['metrics', `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss`, undefined],
      ] as const) {
        const unlock = await lockTable(uri, table);
        try {
          abandonedRequest(server, path, body, 300);
          await until(`a ${table} query waits for the lock`, async () => (await waitingQueries(admin)) === 1);
          await until(`the ${table} query is canceled once its client is gone`, async () => (await waitingQueries(admin)) === 0);
        } finally {
          await unlock();
        }
      }
      // The canceled queries' connections went back to the pool in working order.
      assert.equal((await server.post('runs/search', { experiment_ids: [experimentId] })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('reports 503 on /health while every pooled connection is held, and OK again once they are free', async () => {
    const server = await startTestServer({ backendStoreUri: serverUri(uri) }, { healthProbeTimeoutMs: 200 });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held: Promise<void>[] = [];
    try {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      let begun = 0;
      // The default pool has 10 connections; each transaction keeps one until the gate opens.
      for (let i = 0; i < 10; i++) {
        held.push(server.store.transaction(async (tx) => {
          await tx.findExperiment('0');
          begun += 1;
          await gate;
        }));
      }
      await until('every connection is held', async () => begun === 10);
      const starved = await fetch(`${server.url}/health`);
      assert.equal(starved.status, 503);
      assert.match(await starved.text(), /^UNAVAILABLE: the database did not answer within 200 ms, 10 of 10 connections busy/);
      open();
      await Promise.all(held);
      const healthy = await fetch(`${server.url}/health`);
      assert.equal(healthy.status, 200);
      assert.equal(await healthy.text(), 'OK');
    } finally {
      open();
      await Promise.allSettled(held);
      await server.close();
    }
  });
});
