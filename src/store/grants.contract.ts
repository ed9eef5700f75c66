/**
 * The grants contract on every MetadataStore (run by grants.test.ts): grant, replace, list,
 * look up by grantee (users and groups together), revoke, follow a rename, server rights.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { Grant } from '../core/ports/grant-repository.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;

export function runGrantsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Grants contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    let model: string;
    beforeEach(async () => {
      store = await makeStore();
      counter += 1;
      model = `model-${counter}`;
    });
    afterEach(async () => {
      await store.close();
    });
    const grant = (key: string, granteeName: string, role: Grant['role'], type: 'user' | 'group' = 'user'): Grant => ({
      resource: { type: 'model', key },
      grantee: { type, name: granteeName },
      role,
      grantedBy: 'root',
      grantedTime: 100,
    });

    it('lists a resource’s grants, users first; granting again replaces the role', async () => {
      await store.putGrant(grant(model, 'bob', 'viewer'));
      await store.putGrant(grant(model, 'ml-team', 'editor', 'group'));
      await store.putGrant(grant(model, 'alice', 'viewer'));
      await store.putGrant({ ...grant(model, 'alice', 'manager'), grantedTime: 200 });
      await store.putGrant(grant(`${model}-other`, 'alice', 'viewer'));
      assert.deepEqual(await store.listGrants({ type: 'model', key: model }), [
        { ...grant(model, 'alice', 'manager'), grantedTime: 200 },
        grant(model, 'bob', 'viewer'),
        grant(model, 'ml-team', 'editor', 'group'),
      ]);
      assert.deepEqual(await store.listGrants({ type: 'experiment', key: model }), []);
    });

    it('finds what a user and its groups hold, on one resource or on all of a type', async () => {
      await store.putGrant(grant(model, 'alice', 'viewer'));
      await store.putGrant(grant(model, 'ml-team', 'editor', 'group'));
      await store.putGrant(grant(`${model}-b`, 'ml-team', 'viewer', 'group'));
      await store.putGrant(grant(`${model}-c`, 'ml-team', 'viewer', 'user'));
      const alice = [{ type: 'user' as const, name: 'alice' }, { type: 'group' as const, name: 'ml-team' }];
      const held = await store.grantsHeldBy(alice, 'model', model);
      assert.deepEqual(held.map((g) => g.role).sort(), ['editor', 'viewer']);
      const all = await store.grantsHeldBy(alice, 'model');
      assert.deepEqual([...new Set(all.map((g) => g.resource.key))], [model, `${model}-b`]);
      assert.deepEqual(await store.grantsHeldBy([], 'model'), []);
    });

    it('revokes one grant, or every grant on a deleted resource', async () => {
      await store.putGrant(grant(model, 'alice', 'viewer'));
      await store.putGrant(grant(model, 'bob', 'viewer'));
      assert.equal(await store.deleteGrant({ type: 'model', key: model }, { type: 'user', name: 'alice' }), true);
      assert.equal(await store.deleteGrant({ type: 'model', key: model }, { type: 'user', name: 'alice' }), false);
      assert.deepEqual((await store.listGrants({ type: 'model', key: model })).map((g) => g.grantee.name), ['bob']);
      await store.deleteGrantsOn({ type: 'model', key: model });
      assert.deepEqual(await store.listGrants({ type: 'model', key: model }), []);
    });

    it('follows a renamed model, inside a transaction too', async () => {
      await store.putGrant(grant(model, 'alice', 'editor'));
      await store.transaction((tx) => tx.renameGrantResource('model', model, `${model}-renamed`));
      assert.deepEqual(await store.listGrants({ type: 'model', key: model }), []);
      assert.deepEqual(await store.listGrants({ type: 'model', key: `${model}-renamed` }), [grant(`${model}-renamed`, 'alice', 'editor')]);
    });

    it('moves a model’s grants with the model when it is renamed, and drops them when it is deleted', async () => {
      await store.createRegisteredModel({ name: model, description: null, tags: [], creationTime: 1 });
      await store.putGrant(grant(model, 'alice', 'editor'));
      await store.renameRegisteredModel(model, `${model}-new`, 2);
      assert.deepEqual((await store.listGrants({ type: 'model', key: `${model}-new` })).map((g) => g.grantee.name), ['alice']);
      await store.deleteRegisteredModel(`${model}-new`);
      assert.deepEqual(await store.listGrants({ type: 'model', key: `${model}-new` }), []);
    });

    it('keeps server rights per grantee, idempotently', async () => {
      const auditor = { type: 'user' as const, name: `auditor-${counter}` };
      assert.equal(await store.hasServerRight([auditor], 'auditor'), false);
      await store.setServerRight(auditor, 'auditor', true);
      await store.setServerRight(auditor, 'auditor', true);
      assert.equal(await store.hasServerRight([{ type: 'group', name: 'x' }, auditor], 'auditor'), true);
      await store.setServerRight(auditor, 'auditor', false);
      assert.equal(await store.hasServerRight([auditor], 'auditor'), false);
    });
  });
}
