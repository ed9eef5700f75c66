import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordDeploymentEventRequest, RegisterDeploymentRequest } from '../../api/strata-deployments.js';
import type { DeploymentApi } from './deployment-api.js';
import { DeploymentRecorder } from './deployment-recorder.js';
import { memoryLog } from './serve-log.js';

const REGISTRATION: RegisterDeploymentRequest = { name: 'fraud-production', endpoint_url: 'http://127.0.0.1:8080', host: 'h', pid: 1, model_uri: 'models:/fraud@production' };

/** A tracking server that is down while `down` is true. */
function fakeApi() {
  const state = { down: false, registrations: 0, heartbeats: 0, events: [] as RecordDeploymentEventRequest[] };
  const check = () => {
    if (state.down) throw new Error('fetch failed: connect ECONNREFUSED');
  };
  const api: DeploymentApi = {
    async register(request) {
      check();
      state.registrations += 1;
      return { deployment: { deployment_id: 'd1', name: request.name, environment: 'default', endpoint_url: request.endpoint_url, host: request.host, model_uri: request.model_uri, model_name: 'fraud', status: 'running', started_time: 0, last_heartbeat_time: 0 } };
    },
    async heartbeat() {
      check();
      state.heartbeats += 1;
    },
    async recordEvent(request) {
      check();
      state.events.push(request);
      return {} as Awaited<ReturnType<DeploymentApi['recordEvent']>>;
    },
  };
  return { api, state };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('DeploymentRecorder', () => {
  it('registers, then sends events in order with the time they happened', async () => {
    const { api, state } = fakeApi();
    const recorder = new DeploymentRecorder({ api, registration: REGISTRATION, log: memoryLog() });
    recorder.start();
    const before = Date.now();
    recorder.record({ kind: 'started', reason: 'initial load', toVersion: '1' });
    recorder.record({ kind: 'switched', reason: 'alias moved (webhook)', fromVersion: '1', toVersion: '2' });
    await until(() => state.events.length === 2);
    assert.equal(recorder.id, 'd1');
    assert.deepEqual(state.events.map((e) => [e.deployment_id, e.kind, e.from_version, e.to_version]), [['d1', 'started', undefined, '1'], ['d1', 'switched', '1', '2']]);
    assert.ok(state.events.every((e) => e.time !== undefined && e.time >= before));
    assert.equal(await recorder.close({ kind: 'stopped', reason: 'shutdown (SIGTERM)' }, 1000), true);
    assert.deepEqual(state.events.map((e) => e.kind), ['started', 'switched', 'stopped']);
  });

  it('queues events while the tracking server is down and sends them in order, registration first, once it answers', async () => {
    const { api, state } = fakeApi();
    state.down = true;
    const log = memoryLog();
    const recorder = new DeploymentRecorder({ api, registration: REGISTRATION, log, minBackoffMs: 5, maxBackoffMs: 20 });
    recorder.start();
    recorder.record({ kind: 'started', reason: 'initial load', toVersion: '1' });
    recorder.record({ kind: 'switch_failed', reason: 'alias moved (poll)', fromVersion: '1', toVersion: '2', message: 'SHA-256 mismatch' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(state.registrations, 0);
    assert.equal(recorder.pendingCount, 2);
    assert.equal(log.lines.filter((l) => l.includes('deployment record not updated')).length, 1);
    state.down = false;
    await until(() => recorder.pendingCount === 0);
    assert.equal(state.registrations, 1);
    assert.deepEqual(state.events.map((e) => e.kind), ['started', 'switch_failed']);
    assert.equal(state.events[1]!.message, 'SHA-256 mismatch');
    await recorder.close({ kind: 'stopped', reason: 'shutdown (SIGINT)' }, 1000);
  });

  it('gives up on what it could not send when closing against a server that stays down', async () => {
    const { api, state } = fakeApi();
    state.down = true;
    const log = memoryLog();
    const recorder = new DeploymentRecorder({ api, registration: REGISTRATION, log, minBackoffMs: 5 });
    recorder.start();
    assert.equal(await recorder.close({ kind: 'stopped', reason: 'shutdown (SIGTERM)' }, 50), false);
    assert.ok(log.lines.some((l) => l.includes('1 deployment event(s) not delivered')));
  });
});
