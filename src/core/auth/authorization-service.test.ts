// The per-replica grant cache: repeated checks and searches of a caller read its grants once
// per freshness period; it only ever allows (a new grant or an upgrade is read at once), and a
// revoked grant stops working once the period is over. A store double counts the reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Grant, GrantResourceType, Grantee } from '../ports/grant-repository.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import { AuthorizationService } from './authorization-service.js';
import type { UserPrincipal } from './principal.js';
import type { Role } from './principal.js';

const bob: UserPrincipal = { kind: 'user', userId: 'u-bob', username: 'bob', admin: false, serviceAccount: false, groups: [], via: 'token', scope: 'write' };

function setUp(grantFreshnessMs?: number) {
  let now = 1_000_000;
  const held = new Map<string, Role>(); // experiment id -> bob's role
  const reads: string[] = [];
  const store = {
    async grantsHeldBy(_grantees: readonly Grantee[], type: GrantResourceType, key?: string): Promise<Grant[]> {
      reads.push(key ?? '*');
      return [...held]
        .filter(([id]) => key === undefined || id === key)
        .map(([id, role]) => ({ resource: { type, key: id }, grantee: { type: 'user', name: 'bob' }, role, grantedBy: 'alice', grantedTime: 0 }));
    },
    findExperiment: async (id: string) => (['1', '2', '3'].includes(id) ? { experimentId: id } : undefined),
    findRunInfo: async (runId: string) => ({ runId, experimentId: runId.slice(0, 1) }),
  } as unknown as MetadataStore;
  const service = new AuthorizationService({ store, clock: { now: () => now }, defaultRole: 'none', ...(grantFreshnessMs === undefined ? {} : { grantFreshnessMs }) });
  return { service, held, reads, advance: (ms: number) => (now += ms) };
}

describe('grant cache', () => {
  it('reads a caller\'s grants on an experiment once per second, however many checks', async () => {
    const { service, held, reads, advance } = setUp();
    held.set('1', 'editor');
    for (let i = 0; i < 5; i++) assert.equal(await service.check(bob, { kind: 'run', runId: '1-run' }, 'editor'), 'allowed');
    assert.equal(reads.length, 1);
    advance(1_000);
    assert.equal(await service.check(bob, { kind: 'run', runId: '1-run' }, 'editor'), 'allowed');
    assert.equal(reads.length, 2);
  });

  it('sees a new grant and an upgrade at once: the cache only allows', async () => {
    const { service, held } = setUp();
    assert.equal(await service.check(bob, { kind: 'experiment', id: '2' }, 'viewer'), 'hidden');
    held.set('2', 'viewer');
    assert.equal(await service.check(bob, { kind: 'experiment', id: '2' }, 'viewer'), 'allowed');
    assert.equal(await service.check(bob, { kind: 'experiment', id: '2' }, 'editor'), 'denied');
    held.set('2', 'editor');
    assert.equal(await service.check(bob, { kind: 'experiment', id: '2' }, 'editor'), 'allowed');
  });

  it('stops a grant revoked elsewhere once the second is over', async () => {
    const { service, held, advance } = setUp();
    held.set('3', 'viewer');
    assert.equal(await service.check(bob, { kind: 'experiment', id: '3' }, 'viewer'), 'allowed');
    held.delete('3'); // revoked on another replica
    advance(999);
    assert.equal(await service.check(bob, { kind: 'experiment', id: '3' }, 'viewer'), 'allowed');
    advance(1);
    assert.equal(await service.check(bob, { kind: 'experiment', id: '3' }, 'viewer'), 'hidden');
  });

  it('answers searches from the readable set it read lately, and reads it again for an experiment it lacks', async () => {
    const { service, held, reads, advance } = setUp();
    held.set('1', 'viewer');
    assert.deepEqual(await service.readableExperiments(bob, ['1', '2']), ['1']);
    assert.deepEqual(await service.readableExperiments(bob, ['1']), ['1']);
    assert.equal(reads.length, 1, 'the second search names only experiments in the set read by the first');
    held.set('2', 'viewer');
    assert.deepEqual(await service.readableExperiments(bob, ['2', '1']), ['2', '1']);
    assert.equal(reads.length, 2);
    held.delete('1');
    advance(1_000);
    assert.deepEqual(await service.readableExperiments(bob, ['1', '2']), ['2']);
  });

  it('reads on every check with freshness 0, and refuses more than a second', async () => {
    const { service, held, reads } = setUp(0);
    held.set('1', 'viewer');
    for (let i = 0; i < 3; i++) await service.check(bob, { kind: 'experiment', id: '1' }, 'viewer');
    assert.equal(reads.length, 3);
    assert.throws(() => setUp(1_001), /Grants may be trusted for 0 to 1000 ms/);
  });
});
