/**
 * Deployment records on every MetadataStore (run by deployments.test.ts): an instance stored
 * whole; heartbeats that never move back and stop at the instance's stop; an event's effect on
 * its instance (current version, stop time); lists by name, model, version ("where is version N
 * deployed"), environment, stopped or not, and only readable models; events newest first (one
 * millisecond's in insertion order) within bounds; the instances that could have served at T,
 * each with the version its events say it served then; and nothing left of a rolled-back
 * transaction.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { Deployment, DeploymentEvent } from '../core/deployments/deployment-entities.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

function instance(overrides: Partial<Deployment> = {}): Deployment {
  const n = next();
  return {
    deploymentId: `dep${String(n).padStart(6, '0')}`, name: 'fraud-production', environment: 'production', endpointUrl: `http://host${n}:8080`, host: `host${n}`, pid: 4000 + n,
    modelUri: 'models:/fraud@production', modelName: 'fraud', alias: 'production', currentVersion: null,
    startedTime: 1000, lastHeartbeatTime: 1000, stoppedTime: null, registeredBy: 'svc', ...overrides,
  };
}

function event(d: Deployment, kind: DeploymentEvent['kind'], time: number, toVersion: number | null, fromVersion: number | null = null): DeploymentEvent {
  return {
    eventId: `ev${String(next()).padStart(6, '0')}`, deploymentId: d.deploymentId, deploymentName: d.name, modelName: d.modelName, alias: d.alias,
    kind, time, fromVersion, toVersion, reason: `${kind} at ${time}`, message: kind === 'switch_failed' ? 'warm-up failed' : null,
  };
}

export function runDeploymentsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Deployments contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const record = async (d: Deployment, kind: DeploymentEvent['kind'], time: number, toVersion: number | null, fromVersion: number | null = null) => {
      const e = event(d, kind, time, toVersion, fromVersion);
      assert.ok(await store.insertDeploymentEvent(e, {
        heartbeatTime: time,
        ...(kind === 'started' || kind === 'switched' ? { currentVersion: toVersion as number } : {}),
        ...(kind === 'stopped' ? { stoppedTime: time } : {}),
      }));
      return e;
    };
    const ids = (list: Array<{ deploymentId: string }>) => list.map((d) => d.deploymentId);

    it('stores an instance whole, its optional fields absent as null', async () => {
      const full = instance();
      const bare = instance({ pid: null, alias: null, modelUri: 'models:/fraud/3', registeredBy: null });
      await store.insertDeployment(full);
      await store.insertDeployment(bare);
      assert.deepEqual(await store.findDeployment(full.deploymentId), full);
      assert.deepEqual(await store.findDeployment(bare.deploymentId), bare);
      assert.equal(await store.findDeployment('nope'), undefined);
    });

    it('moves the heartbeat forward only, and refuses it once the instance stopped', async () => {
      const d = instance();
      await store.insertDeployment(d);
      assert.equal(await store.touchDeployment(d.deploymentId, 5000), true);
      assert.equal(await store.touchDeployment(d.deploymentId, 3000), true);
      assert.equal((await store.findDeployment(d.deploymentId))?.lastHeartbeatTime, 5000);
      await record(d, 'stopped', 6000, null);
      assert.equal(await store.touchDeployment(d.deploymentId, 7000), false);
      assert.equal(await store.touchDeployment('nope', 7000), false);
      assert.equal(await store.insertDeploymentEvent(event(d, 'switched', 7000, 2, 1), { heartbeatTime: 7000, currentVersion: 2 }), false, 'a stopped instance takes no event');
      assert.equal((await store.listDeploymentEvents({ deploymentId: d.deploymentId, maxResults: 10 })).length, 1);
      const stopped = await store.findDeployment(d.deploymentId);
      assert.equal(stopped?.stoppedTime, 6000);
      assert.equal(stopped?.lastHeartbeatTime, 6000);
    });

    it('sets the current version on started and switched, not on a refused switch', async () => {
      const d = instance();
      await store.insertDeployment(d);
      await record(d, 'started', 1100, 1);
      assert.equal((await store.findDeployment(d.deploymentId))?.currentVersion, 1);
      await record(d, 'switch_failed', 1200, 3, 1);
      assert.equal((await store.findDeployment(d.deploymentId))?.currentVersion, 1);
      await record(d, 'switched', 1300, 2, 1);
      assert.equal((await store.findDeployment(d.deploymentId))?.currentVersion, 2);
    });

    it('lists by name, model, version, environment and readable models, running only unless asked, newest start first', async () => {
      const model = `m-list-${next()}`;
      const a = instance({ modelName: model, name: `${model}-prod`, startedTime: 1000 });
      const b = instance({ modelName: model, name: `${model}-prod`, startedTime: 2000 });
      const c = instance({ modelName: model, name: `${model}-staging`, environment: 'staging', alias: 'staging', startedTime: 3000 });
      for (const d of [a, b, c]) await store.insertDeployment(d);
      await record(a, 'started', 1000, 1);
      await record(b, 'started', 2000, 2);
      await record(c, 'started', 3000, 2);
      await record(a, 'stopped', 4000, null);
      const list = (q: Partial<Parameters<MetadataStore['listDeployments']>[0]>) => store.listDeployments({ includeStopped: false, maxResults: 100, ...q });
      assert.deepEqual(ids(await list({ modelName: model })), [c.deploymentId, b.deploymentId]);
      assert.deepEqual(ids(await list({ modelName: model, includeStopped: true })), [c.deploymentId, b.deploymentId, a.deploymentId]);
      assert.deepEqual(ids(await list({ name: `${model}-prod`, includeStopped: true })), [b.deploymentId, a.deploymentId]);
      assert.deepEqual(ids(await list({ modelName: model, version: 2 })), [c.deploymentId, b.deploymentId], 'where version 2 is deployed');
      assert.deepEqual(ids(await list({ modelName: model, version: 1 })), [], 'version 1 ran only on a stopped instance');
      assert.deepEqual(ids(await list({ modelName: model, environment: 'staging' })), [c.deploymentId]);
      assert.deepEqual(ids(await list({ modelName: model, maxResults: 1 })), [c.deploymentId]);
      assert.deepEqual(ids(await list({ modelName: model, onlyModels: ['other'] })), []);
      assert.deepEqual(ids(await list({ modelName: model, onlyModels: [] })), []);
      assert.deepEqual(ids(await list({ modelName: model, onlyModels: [model] })), [c.deploymentId, b.deploymentId]);
    });

    it('lists events newest first, one millisecond\'s in insertion order, within bounds and kinds', async () => {
      const d = instance({ name: `events-${next()}` });
      await store.insertDeployment(d);
      const started = await record(d, 'started', 1000, 1);
      const failed = await record(d, 'switch_failed', 2000, 3, 1);
      const first = await record(d, 'switched', 3000, 2, 1);
      const second = await record(d, 'switched', 3000, 4, 2);
      const stopped = await record(d, 'stopped', 5000, null);
      const events = (q: Partial<Parameters<MetadataStore['listDeploymentEvents']>[0]>) => store.listDeploymentEvents({ maxResults: 100, ...q });
      const all = await events({ name: d.name });
      assert.deepEqual(all.map((e) => e.eventId), [stopped.eventId, second.eventId, first.eventId, failed.eventId, started.eventId]);
      assert.deepEqual(all[3], failed, 'stored whole');
      assert.deepEqual((await events({ deploymentId: d.deploymentId, since: 2000, until: 3000 })).map((e) => e.eventId), [second.eventId, first.eventId, failed.eventId]);
      assert.deepEqual((await events({ name: d.name, kinds: ['started', 'switched'], maxResults: 2 })).map((e) => e.eventId), [second.eventId, first.eventId]);
      assert.deepEqual((await events({ modelName: d.modelName, onlyModels: [] })), []);
    });

    it('finds the instances that could have served at T, each with the version it served then', async () => {
      const model = `m-at-${next()}`;
      const a = instance({ modelName: model, name: `${model}-prod`, startedTime: 1000, lastHeartbeatTime: 1000 });
      const b = instance({ modelName: model, name: `${model}-prod`, startedTime: 2000, lastHeartbeatTime: 2000 });
      const staging = instance({ modelName: model, name: `${model}-staging`, alias: 'staging', startedTime: 1000, lastHeartbeatTime: 1000 });
      for (const d of [a, b, staging]) await store.insertDeployment(d);
      await record(a, 'started', 1000, 1);
      await record(a, 'switched', 3000, 2, 1);
      await record(a, 'switched', 3000, 3, 2);
      await record(a, 'switch_failed', 3500, 4, 3);
      await record(a, 'stopped', 6000, null);
      await record(b, 'started', 2500, 3);
      await record(staging, 'started', 1000, 9);
      const at = async (time: number, by: { name: string } | { modelName: string; alias: string }) =>
        (await store.listDeploymentsAt({ time, ...by })).map((c) => [c.deployment.deploymentId, c.serving?.version ?? null, c.serving?.since ?? null]).sort();
      const prod = { modelName: model, alias: 'production' };
      assert.deepEqual(await at(999, prod), []);
      assert.deepEqual(await at(1500, prod), [[a.deploymentId, 1, 1000]]);
      assert.deepEqual(await at(2200, prod), [[a.deploymentId, 1, 1000], [b.deploymentId, null, null]].sort(), 'b started but had loaded nothing yet');
      assert.deepEqual(await at(3000, prod), [[a.deploymentId, 3, 3000], [b.deploymentId, 3, 2500]].sort(), 'two switches in one millisecond: the later wins');
      assert.deepEqual(await at(4000, { name: `${model}-prod` }), [[a.deploymentId, 3, 3000], [b.deploymentId, 3, 2500]].sort(), 'a refused switch changes nothing');
      assert.deepEqual(await at(6000, prod), [[b.deploymentId, 3, 2500]], 'a is stopped from 6000');
      assert.deepEqual(await at(1500, { modelName: model, alias: 'staging' }), [[staging.deploymentId, 9, 1000]]);
      assert.deepEqual(await store.listDeploymentsAt({ time: 1500, ...prod, onlyModels: [] }), []);
    });

    it('keeps nothing of an instance or event written in a transaction that rolls back', async () => {
      const d = instance();
      await assert.rejects(store.transaction(async (tx) => {
        await tx.insertDeployment(d);
        await tx.insertDeploymentEvent(event(d, 'started', 1000, 1), { heartbeatTime: 1000, currentVersion: 1 });
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.findDeployment(d.deploymentId), undefined);
      assert.deepEqual(await store.listDeploymentEvents({ deploymentId: d.deploymentId, maxResults: 10 }), []);
    });
  });
}
