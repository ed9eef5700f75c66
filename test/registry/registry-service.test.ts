/**
 * The registry services on an in-memory SQLite store with a pinned clock: the rules
 * that live in core (history, archival, force delete, events in the transaction).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Actor } from '../../src/core/entities.js';
import { isStrataError } from '../../src/core/errors.js';
import { createFixedClock } from '../../src/core/ports/clock.js';
import { randomIdGenerator } from '../../src/core/ports/id-generator.js';
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { createRegistryService, type RegistryEvent, type RegistryService } from '../../src/core/services/registry-service.js';
import { openStore } from '../../src/store/create-store.js';

const location = (id: string) => `mlflow-artifacts:/${id}`;
// What the HTTP layer passes for a request claiming a Basic user name.
const alice: Actor = { name: 'anonymous', claimed: 'alice' };
const bob: Actor = { name: 'anonymous', claimed: 'bob' };

describe('registry service', () => {
  let store: MetadataStore;
  let registry: RegistryService;
  let clock: ReturnType<typeof createFixedClock>;
  let events: RegistryEvent[];

  beforeEach(async () => {
    store = await openStore('sqlite:///:memory:', { defaultArtifactLocation: location });
    clock = createFixedClock(1_000);
    events = [];
    registry = createRegistryService({
      store,
      clock,
      ids: randomIdGenerator,
      defaultArtifactLocation: location,
      onRegistryEvent: async (tx, batch) => {
        // Runs inside the mutation's transaction: the tx sees the change before commit.
        for (const event of batch) {
          if (event.type === 'model_version.created') {
            assert.ok(await tx.findModelVersion(String(event.payload.name), Number(event.payload.version)));
          }
        }
        events.push(...batch);
      },
    });
  });
  afterEach(() => store.close());

  const code = (expected: string) => (error: unknown) => isStrataError(error) && error.code === expected;

  async function versions(name: string, count: number): Promise<void> {
    await registry.models.create(alice, { name });
    for (let i = 0; i < count; i++) await registry.versions.create(alice, { name, source: `s3://bucket/${name}/${i}` });
  }

  it('answers which version held an alias at any time, from the recorded history', async () => {
    await versions('fraud', 3);
    clock.advance(1_000); // t=2000
    await registry.aliases.set(alice, 'fraud', 'production', 1);
    clock.advance(1_000); // t=3000
    await registry.aliases.set(bob, 'fraud', 'production', 2);
    clock.advance(1_000); // t=4000
    await registry.aliases.set(bob, 'fraud', 'production', 2); // no move: nothing recorded
    await registry.aliases.delete({ name: 'anonymous', claimed: 'carol' }, 'fraud', 'production');
    const at = async (time: number) => (await registry.aliases.holderAt('fraud', 'production', time)).version;
    assert.deepEqual([await at(1_999), await at(2_000), await at(2_999), await at(3_000), await at(4_000)], [undefined, 1, 1, 2, undefined]);
    const history = await registry.aliases.history('fraud', 'production');
    assert.deepEqual(history.map((e) => [e.kind, e.version, e.previousVersion, e.actor, e.time]), [
      ['alias_set', 1, null, 'alice', 2_000],
      ['alias_moved', 2, 1, 'bob', 3_000],
      ['alias_deleted', 2, 2, 'carol', 4_000],
    ]);
    await assert.rejects(registry.aliases.holderAt('nope', 'production', 1), code('RESOURCE_DOES_NOT_EXIST'));
  });

  it('keeps archived versions readable but refuses them an alias, changing nothing', async () => {
    await versions('arch', 2);
    await registry.versions.transitionStage(alice, 'arch', 1, 'archived', false);
    await assert.rejects(registry.aliases.set(alice, 'arch', 'prod', 1), code('INVALID_PARAMETER_VALUE'));
    assert.equal((await registry.versions.get('arch', 1)).currentStage, 'Archived');
    assert.equal(await registry.versions.getDownloadUri('arch', 1), 's3://bucket/arch/0');
    assert.deepEqual((await registry.models.get('arch')).aliases, []);
    assert.deepEqual((await registry.aliases.history('arch', 'prod')), []);
  });

  it('deletes a version holding aliases only with force, recording the alias deletions', async () => {
    await versions('forced', 1);
    await registry.aliases.set(alice, 'forced', 'a', 1);
    await registry.aliases.set(alice, 'forced', 'b', 1);
    await assert.rejects(registry.versions.delete(alice, 'forced', 1), code('INVALID_PARAMETER_VALUE'));
    await registry.versions.delete(alice, 'forced', 1, true);
    await assert.rejects(registry.versions.get('forced', 1), code('RESOURCE_DOES_NOT_EXIST'));
    const history = await registry.aliases.history('forced');
    assert.deepEqual(history.map((e) => `${e.kind}:${e.alias}`), ['alias_set:a', 'alias_set:b', 'alias_deleted:a', 'alias_deleted:b']);
  });

  it('archives existing versions on transition and records every move with the previous stage', async () => {
    await versions('stages', 3);
    await registry.versions.transitionStage(alice, 'stages', 1, 'Production', false);
    await registry.versions.transitionStage(alice, 'stages', 2, 'Production', false);
    await registry.versions.transitionStage(bob, 'stages', 3, 'Production', true);
    const stages = await Promise.all([1, 2, 3].map(async (v) => (await registry.versions.get('stages', v)).currentStage));
    assert.deepEqual(stages, ['Archived', 'Archived', 'Production']);
    const moves = (await registry.aliases.history('stages')).map((e) => `${e.version}:${e.previousStage}->${e.stage}:${e.actor}`);
    assert.deepEqual(moves, [
      '1:None->Production:alice', '2:None->Production:alice',
      '1:Production->Archived:bob', '2:Production->Archived:bob', '3:None->Production:bob',
    ]);
  });

  it('emits domain events in the transaction, and none for a refused mutation', async () => {
    await versions('evt', 1);
    await registry.aliases.set(alice, 'evt', 'champ', 1);
    await registry.versions.setTag(alice, 'evt', 1, 'k', 'v');
    await assert.rejects(registry.aliases.set(alice, 'evt', 'latest', 1));
    assert.deepEqual(events.map((e) => e.type), [
      'registered_model.created', 'model_version.created', 'model_version_alias.created', 'model_version_tag.set',
    ]);
    assert.ok(events.every((e) => e.actor === 'alice' && e.time === 1_000));
  });

  it('rolls back the change and its audit event when the event listener fails', async () => {
    const failing = createRegistryService({
      store, clock, ids: randomIdGenerator, defaultArtifactLocation: location,
      onRegistryEvent: async () => {
        throw new Error('outbox down');
      },
    });
    await assert.rejects(failing.models.create(alice, { name: 'never' }), /outbox down/);
    await assert.rejects(registry.models.get('never'), code('RESOURCE_DOES_NOT_EXIST'));
    const audit = await store.listAuditEvents({ entityId: 'never', maxResults: 10 });
    assert.deepEqual(audit.items, []);
  });

  it('resolves runs:/ sources to the run artifact location and lists storage locations for gc', async () => {
    await registry.models.create(alice, { name: 'src' });
    await store.createRun({
      runId: 'r1', experimentId: '0', runName: 'r', userId: 'u', status: 'FINISHED', startTime: 1,
      artifactUri: 'mlflow-artifacts:/0/r1/artifacts', tags: [],
    });
    const created = await registry.versions.create(alice, { name: 'src', source: 'runs:/r1/model' });
    assert.equal(created.runId, 'r1', 'the run id comes from the runs:/ URI when not given');
    assert.equal(created.storageLocation, 'mlflow-artifacts:/0/r1/artifacts/model');
    assert.equal(created.userId, 'alice');
    assert.deepEqual(await registry.referencedStorageLocations(), ['mlflow-artifacts:/0/r1/artifacts/model']);
    assert.equal((await registry.resolve('models:/src/latest')).version, 1);
  });
});
