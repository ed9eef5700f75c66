// "What served production at time T" (issue 15): seeds N serving instances of fraud@production
// through the store, each with E events (started, then switches between versions, every tenth
// switch refused, then stopped; the last few still running), the instances overlapping in time
// as rolling restarts of four replicas do; then times GET /api/strata/v1/deployments/served-at
// over HTTP against a real `strata server` process (target ≤ 50 ms), by model and alias and by
// deployment name, at times spread over the whole history (each query a different T).
//
//   node --import tsx bench/deployments-served-at.ts [--instances 200] [--events 1000] [--queries 300] [--postgres] [--backend-store-uri URI]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Deployment, DeploymentEvent } from '../src/core/deployments/deployment-entities.js';
import { openStore } from '../src/store/create-store.js';
import { spawnServerProcess } from '../test/helpers/spawn-server-process.js';
import { JsonHttp } from './lib/json-http.js';

const { values: opts } = parseArgs({
  options: {
    instances: { type: 'string', default: '200' },
    events: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '300' },
    postgres: { type: 'boolean', default: false },
    'backend-store-uri': { type: 'string' },
  },
});
const INSTANCES = Number(opts.instances);
const EVENTS = Number(opts.events);
const QUERIES = Number(opts.queries);
const MODEL = 'fraud';
const NAME = 'fraud-production';
const VERSIONS = 20;
const REPLICAS = 4;
/** One instance starts every minute and lives four minutes: four replicas at any time. */
const START_EVERY_MS = 60_000;
const LIFETIME_MS = REPLICAS * START_EVERY_MS;
const BATCH = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function seed(backend: string): Promise<{ first: number; last: number; seconds: number }> {
  const started = performance.now();
  const store = await openStore(backend, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  const now = Date.now();
  const first = now - INSTANCES * START_EVERY_MS;
  try {
    await store.createRegisteredModel({ name: MODEL, description: null, tags: [], creationTime: first });
    for (let v = 0; v < VERSIONS; v++) {
      await store.createModelVersion({ modelName: MODEL, source: 's3://b/m', storageLocation: 's3://b/m', runId: null, runLink: null, description: null, userId: null, status: 'READY', tags: [], creationTime: first });
    }
    let pending: Array<() => Promise<void>> = [];
    const flush = async () => {
      const work = pending;
      pending = [];
      await store.transaction(async (tx) => {
        for (const step of work) await step.call(tx);
      });
    };
    for (let i = 0; i < INSTANCES; i++) {
      const startedTime = first + i * START_EVERY_MS;
      const running = i >= INSTANCES - REPLICAS;
      const stoppedTime = running ? null : startedTime + LIFETIME_MS;
      const deployment: Deployment = {
        deploymentId: `bench${String(i).padStart(6, '0')}`, name: NAME, environment: 'production', endpointUrl: `http://serving-${i % REPLICAS}:8080`, host: `serving-${i % REPLICAS}`, pid: 1000 + i,
        modelUri: `models:/${MODEL}@production`, modelName: MODEL, alias: 'production', currentVersion: null, startedTime, lastHeartbeatTime: running ? now : (stoppedTime as number), stoppedTime: null, registeredBy: 'bench',
      };
      await store.transaction((tx) => tx.insertDeployment(deployment));
      const spacing = Math.max(1, Math.floor(LIFETIME_MS / EVENTS));
      let version = (i % VERSIONS) + 1;
      for (let e = 0; e < EVENTS; e++) {
        const last = e === EVENTS - 1 && !running;
        const kind: DeploymentEvent['kind'] = e === 0 ? 'started' : last ? 'stopped' : e % 10 === 0 ? 'switch_failed' : 'switched';
        const next = (version % VERSIONS) + 1;
        const event: DeploymentEvent = {
          eventId: `${deployment.deploymentId}-${e}`, deploymentId: deployment.deploymentId, deploymentName: NAME, modelName: MODEL, alias: 'production', kind,
          time: startedTime + e * spacing, fromVersion: kind === 'switched' || kind === 'switch_failed' ? version : null,
          toVersion: kind === 'stopped' ? null : kind === 'started' ? version : next, reason: 'bench', message: kind === 'switch_failed' ? 'warm-up failed' : null,
        };
        if (kind === 'switched') version = next;
        const update = { heartbeatTime: event.time, ...(kind === 'started' || kind === 'switched' ? { currentVersion: event.toVersion as number } : {}), ...(kind === 'stopped' ? { stoppedTime: event.time } : {}) };
        pending.push(async function (this: typeof store) {
          await this.insertDeploymentEvent(event, update);
        });
        if (pending.length >= BATCH) await flush();
      }
    }
    if (pending.length > 0) await flush();
    return { first, last: now, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

async function analyze(uri: string): Promise<void> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

async function freshPostgres(): Promise<{ uri: string; drop(): Promise<void> }> {
  const base = process.env.STRATA_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const db = `strata_bench_deployments_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${db}`);
  await admin.end();
  const uri = base.replace(/\/[^/]*$/, `/${db}`);
  return {
    uri,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${db} with (force)`);
      await c.end();
    },
  };
}

async function timeCase(http: JsonHttp, label: string, query: (t: number) => string, first: number, last: number): Promise<string> {
  const span = last - first;
  const at = (i: number) => first + Math.floor((((i * 7919) % QUERIES) + 0.5) / QUERIES * span);
  for (let i = 0; i < 20; i++) await http.get(`/api/strata/v1/deployments/served-at?${query(at(i + 1))}`); // warm-up
  const ms: number[] = [];
  let serving = 0;
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    const answer = await http.get<{ serving: unknown[] }>(`/api/strata/v1/deployments/served-at?${query(at(i))}`);
    ms.push(performance.now() - started);
    serving += answer.serving.length;
  }
  ms.sort((a, b) => a - b);
  const verdict = percentile(ms, 95) <= 50 ? 'ok' : 'OVER TARGET';
  return `  ${label}: p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms, max ${ms.at(-1)!.toFixed(2)} ms, ~${(serving / QUERIES).toFixed(1)} instances per answer (target ≤ 50 ms: ${verdict})`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-deployments-bench-'));
  mkdirSync(dir, { recursive: true });
  const pgDb = opts.postgres && !opts['backend-store-uri'] ? await freshPostgres() : undefined;
  const backend = opts['backend-store-uri'] ?? pgDb?.uri ?? `sqlite:///${join(dir, 'strata.db')}`;
  console.log(`backend: ${backend.replace(/:[^:@/]*@/, ':***@')}; ${INSTANCES} instances × ${EVENTS} events, ${QUERIES} queries per case`);
  try {
    const { first, last, seconds } = await seed(backend);
    console.log(`seeded ${INSTANCES * EVENTS} events in ${seconds.toFixed(1)} s`);
    if (backend.startsWith('postgres')) await analyze(backend);
    const server = await spawnServerProcess(['--backend-store-uri', backend, '--default-artifact-root', join(dir, 'artifacts')]);
    const http = new JsonHttp(server.url, 1);
    try {
      console.log(await timeCase(http, 'served-at by model and alias', (t) => `model_name=${MODEL}&alias=production&time=${t}`, first, last));
      console.log(await timeCase(http, 'served-at by deployment name', (t) => `name=${NAME}&time=${t}`, first, last));
      console.log(await timeCase(http, 'served-at by model and alias, ISO time', (t) => `model_name=${MODEL}&alias=production&time=${encodeURIComponent(new Date(t).toISOString())}`, first, last));
    } finally {
      http.close();
      server.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
