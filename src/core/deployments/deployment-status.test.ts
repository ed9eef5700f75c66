import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, DeploymentEvent } from './deployment-entities.js';
import { DEPLOYMENT_UNRESPONSIVE_AFTER_MS } from './deployment-entities.js';
import { deploymentStatus, rollbackPlan, servedAt, versionAt, wasUpAt } from './deployment-status.js';

const LIMIT = DEPLOYMENT_UNRESPONSIVE_AFTER_MS;

function instance(overrides: Partial<Deployment> = {}): Deployment {
  return {
    deploymentId: 'd1', name: 'fraud-production', environment: 'production', endpointUrl: 'http://a:8080', host: 'a', pid: 1,
    modelUri: 'models:/fraud@production', modelName: 'fraud', alias: 'production', currentVersion: 2,
    startedTime: 1000, lastHeartbeatTime: 100_000, stoppedTime: null, registeredBy: 'svc', ...overrides,
  };
}

let counter = 0;
function event(kind: DeploymentEvent['kind'], time: number, toVersion: number | null, fromVersion: number | null = null): DeploymentEvent {
  counter += 1;
  return {
    eventId: `e${counter}`, deploymentId: 'd1', deploymentName: 'fraud-production', modelName: 'fraud', alias: 'production',
    kind, time, fromVersion, toVersion, reason: 'test', message: null,
  };
}

describe('deployment status', () => {
  it('is running while heartbeats are fresh, unresponsive after the limit, stopped once stopped', () => {
    const d = instance();
    assert.equal(deploymentStatus(d, 100_000 + LIMIT), 'running');
    assert.equal(deploymentStatus(d, 100_000 + LIMIT + 1), 'unresponsive');
    assert.equal(deploymentStatus(instance({ stoppedTime: 50_000 }), 100_000), 'stopped');
  });

  it('counts an instance as up from its start until its stop, and past its last heartbeat only for the grace period', () => {
    const d = instance();
    assert.equal(wasUpAt(d, 999), false, 'before it started');
    assert.equal(wasUpAt(d, 1000), true, 'the instant it started');
    assert.equal(wasUpAt(d, 50_000), true, 'between start and last heartbeat');
    assert.equal(wasUpAt(d, 100_000 + LIMIT), true, 'within the grace period');
    assert.equal(wasUpAt(d, 100_000 + LIMIT + 1), false, 'silent too long: no longer counted');
    const stopped = instance({ stoppedTime: 60_000, lastHeartbeatTime: 60_000 });
    assert.equal(wasUpAt(stopped, 59_999), true);
    assert.equal(wasUpAt(stopped, 60_000), false, 'not serving from the instant it stopped');
  });
});

describe('versionAt', () => {
  const events = [event('started', 1000, 1), event('switch_failed', 2000, 3, 1), event('switched', 3000, 2, 1), event('stopped', 9000, null)];

  it('is the to_version of the last started/switched event at or before the time', () => {
    assert.equal(versionAt(events, 999), null);
    assert.deepEqual(versionAt(events, 1000), { version: 1, since: 1000 });
    assert.deepEqual(versionAt(events, 2500), { version: 1, since: 1000 }, 'a refused switch changes nothing');
    assert.deepEqual(versionAt(events, 3000), { version: 2, since: 3000 });
    assert.deepEqual(versionAt(events, 10_000), { version: 2, since: 3000 });
  });

  it('takes the later of two events in one millisecond, whatever the list order', () => {
    assert.deepEqual(versionAt([event('started', 1000, 1), event('switched', 1000, 2, 1)], 1000), { version: 2, since: 1000 });
    assert.deepEqual(versionAt([event('switched', 2000, 5, 1), event('started', 1000, 1)], 5000), { version: 5, since: 2000 });
  });
});

describe('servedAt', () => {
  it('lists instances up at the time with a version loaded, and the distinct versions ascending', () => {
    const a = instance({ deploymentId: 'a', startedTime: 1000 });
    const b = instance({ deploymentId: 'b', startedTime: 2000 });
    const notLoaded = instance({ deploymentId: 'c', startedTime: 500 });
    const crashed = instance({ deploymentId: 'd', startedTime: 100, lastHeartbeatTime: 200 });
    const answer = servedAt([
      { deployment: b, serving: { version: 3, since: 2500 } },
      { deployment: a, serving: { version: 7, since: 1200 } },
      { deployment: notLoaded, serving: null },
      { deployment: crashed, serving: { version: 1, since: 100 } },
    ], 5000 + LIMIT);
    assert.deepEqual(answer.serving.map((s) => [s.deployment.deploymentId, s.version, s.since]), [['a', 7, 1200], ['b', 3, 2500]]);
    assert.deepEqual(answer.versions, [3, 7]);
  });

  it('answers nothing when nothing served', () => {
    assert.deepEqual(servedAt([], 42), { time: 42, serving: [], versions: [] });
  });
});

describe('rollbackPlan', () => {
  it('targets the version served before the current one, skipping replicas and restarts on the same version', () => {
    const newestFirst = [event('switched', 5000, 4, 3), event('switched', 4900, 4, 3), event('started', 4000, 3), event('switched', 3000, 3, 2), event('started', 1000, 2)];
    assert.deepEqual(rollbackPlan(newestFirst), { kind: 'target', current: 4, target: 3 });
  });

  it('ignores refused switches and stops', () => {
    assert.deepEqual(rollbackPlan([event('stopped', 9, null), event('switch_failed', 8, 5, 2), event('switched', 7, 2, 1), event('started', 1, 1)]), { kind: 'target', current: 2, target: 1 });
  });

  it('has nothing to go back to when only one version was ever served, or none', () => {
    assert.deepEqual(rollbackPlan([event('started', 2, 1), event('started', 1, 1)]), { kind: 'none', current: 1 });
    assert.deepEqual(rollbackPlan([]), { kind: 'none', current: null });
  });
});
