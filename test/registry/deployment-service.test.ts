/**
 * DeploymentService on an in-memory SQLite store with a pinned clock: the rules that depend on
 * time — an instance turns unresponsive when its heartbeats stop, and a crashed instance stops
 * counting as serving 30 s after its last heartbeat — plus heartbeats that are not audited,
 * events that are (with their webhook events in the same transaction), and a refused event
 * leaving nothing behind.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DEPLOYMENT_UNRESPONSIVE_AFTER_MS } from '../../src/api/strata-deployments.js';
import { OPEN_PRINCIPAL } from '../../src/core/auth/principal.js';
import type { Actor } from '../../src/core/entities.js';
import { isStrataError } from '../../src/core/errors.js';
import { createFixedClock } from '../../src/core/ports/clock.js';
import { randomIdGenerator } from '../../src/core/ports/id-generator.js';
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { DeploymentService, type DeploymentAccess } from '../../src/core/services/deployment-service.js';
import { parseTimeOrAgoParameter as timeParameter } from '../../src/core/time-parameter.js';
import { createRegistryService, type RegistryEvent } from '../../src/core/services/registry-service.js';
import { openStore } from '../../src/store/create-store.js';

const location = (id: string) => `mlflow-artifacts:/${id}`;
const svc: Actor = { name: 'svc' };
const ALLOWED: DeploymentAccess = { check: async () => 'allowed', readable: async () => ({ all: true }) };

describe('deployment service', () => {
  let store: MetadataStore;
  let clock: ReturnType<typeof createFixedClock>;
  let events: RegistryEvent[];
  let deployments: DeploymentService;

  beforeEach(async () => {
    store = await openStore('sqlite:///:memory:', { defaultArtifactLocation: location });
    clock = createFixedClock(1_000_000);
    events = [];
    const deps = { store, clock, ids: randomIdGenerator, defaultArtifactLocation: location, onRegistryEvent: async (_tx: unknown, batch: RegistryEvent[]) => void events.push(...batch) };
    const registry = createRegistryService(deps);
    deployments = new DeploymentService({ ...deps, promotions: registry.promotions });
    await registry.models.create(svc, { name: 'fraud' });
    for (let i = 0; i < 2; i++) await registry.versions.create(svc, { name: 'fraud', source: 's3://b/m' });
    events = [];
  });
  afterEach(() => store.close());

  const register = () => deployments.register(ALLOWED, OPEN_PRINCIPAL, svc, { name: 'fraud-production', endpointUrl: 'http://a:8080', host: 'a', modelUri: 'models:/fraud@production' });
  const auditActions = async () => (await store.listAuditEvents({ entityType: 'deployment', maxResults: 100 })).items.map((e) => e.action).sort();

  it('turns unresponsive when heartbeats stop, and running again on the next one; heartbeats are not audited', async () => {
    const d = await register();
    assert.equal(d.status, 'running');
    assert.equal(d.startedTime, 1_000_000);
    clock.advance(DEPLOYMENT_UNRESPONSIVE_AFTER_MS + 1);
    assert.equal((await deployments.get(ALLOWED, d.deploymentId)).status, 'unresponsive');
    const beat = await deployments.heartbeat(ALLOWED, d.deploymentId);
    assert.equal(beat.status, 'running');
    assert.equal(beat.lastHeartbeatTime, clock.now());
    assert.deepEqual(await auditActions(), ['deployment.register']);
  });

  it('stops counting a silent instance as serving 30 s after its last heartbeat', async () => {
    const d = await register();
    await deployments.recordEvent(ALLOWED, svc, { deploymentId: d.deploymentId, kind: 'started', toVersion: '1', reason: 'initial load' });
    const t = clock.now();
    clock.advance(10 * 60_000); // it crashed: no heartbeat, no stop
    const at = async (time: number) => (await deployments.servedAt(ALLOWED, { modelName: 'fraud', alias: 'production', time })).versions;
    assert.deepEqual(await at(t), [1]);
    assert.deepEqual(await at(t + DEPLOYMENT_UNRESPONSIVE_AFTER_MS), [1]);
    assert.deepEqual(await at(t + DEPLOYMENT_UNRESPONSIVE_AFTER_MS + 1), []);
    assert.deepEqual(await at(clock.now()), []);
    assert.equal((await deployments.list(ALLOWED, {}))[0]?.status, 'unresponsive');
  });

  it('audits every event and hands its webhook event to the listener in the same transaction', async () => {
    const d = await register();
    await deployments.recordEvent(ALLOWED, svc, { deploymentId: d.deploymentId, kind: 'started', toVersion: 1, reason: 'initial load' });
    await deployments.recordEvent(ALLOWED, svc, { deploymentId: d.deploymentId, kind: 'switched', fromVersion: 1, toVersion: 2, reason: 'alias moved (poll)' });
    await deployments.recordEvent(ALLOWED, svc, { deploymentId: d.deploymentId, kind: 'stopped', reason: 'shutdown (SIGTERM)' });
    assert.deepEqual(events.map((e) => e.type), ['deployment.started', 'deployment.switched', 'deployment.stopped']);
    assert.deepEqual(await auditActions(), ['deployment.register', 'deployment.started', 'deployment.stopped', 'deployment.switched']);
  });

  it('leaves nothing behind when an event is refused', async () => {
    const d = await register();
    await assert.rejects(
      deployments.recordEvent(ALLOWED, svc, { deploymentId: d.deploymentId, kind: 'switched', fromVersion: 1, toVersion: 9, reason: 'alias moved' }),
      (error: unknown) => isStrataError(error) && error.code === 'RESOURCE_DOES_NOT_EXIST',
    );
    assert.deepEqual(await store.listDeploymentEvents({ deploymentId: d.deploymentId, maxResults: 10 }), []);
    assert.equal((await deployments.get(ALLOWED, d.deploymentId)).currentVersion, null);
    assert.deepEqual(events, []);
    assert.deepEqual(await auditActions(), ['deployment.register']);
  });

  it('reads a time as ms, ISO 8601 or a duration back from now', () => {
    assert.equal(timeParameter(1234, 'time', 10_000), 1234);
    assert.equal(timeParameter('1234', 'time', 10_000), 1234);
    assert.equal(timeParameter('1970-01-01T00:00:01Z', 'time', 10_000), 1000);
    assert.equal(timeParameter('2h', 'time', 10_000_000), 10_000_000 - 7_200_000);
    assert.equal(timeParameter('1d2h30m', 'time', 200_000_000), 200_000_000 - 95_400_000);
    assert.throws(() => timeParameter('yesterday', 'time', 0), /a duration back such as 2h/);
  });
});
