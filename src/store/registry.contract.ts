/**
 * The registry part of the MetadataStore contract, run by metadata-store.sqlite.test.ts
 * and metadata-store.postgres.test.ts. Each test gets a fresh, migrated store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { NewModelVersion } from '../core/ports/registry-repository.js';
import { parseModelFilter, parseModelOrderBy, parseModelVersionFilter, parseModelVersionOrderBy } from '../core/search/index.js';
import type { ContractOptions } from './metadata-store.contract.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';

function newVersion(modelName: string, overrides: Partial<NewModelVersion> = {}): NewModelVersion {
  return {
    modelName,
    source: 'mlflow-artifacts:/0/abc/artifacts/model',
    storageLocation: 'mlflow-artifacts:/0/abc/artifacts/model',
    runId: 'abc',
    runLink: null,
    description: null,
    userId: 'alice',
    status: 'READY',
    tags: [],
    creationTime: 100,
    ...overrides,
  };
}

export function runRegistryContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Registry contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createModel = (modelName: string, creationTime = 10) =>
      store.createRegisteredModel({ name: modelName, description: null, tags: [], creationTime });

    describe('registered models', () => {
      it('creates, reads, renames, updates and deletes with tags', async () => {
        await store.createRegisteredModel({ name: 'm', description: 'd', tags: [{ key: 'a', value: '1' }], creationTime: 5 });
        assert.deepEqual(await store.findRegisteredModel('m'), {
          name: 'm', creationTime: 5, lastUpdatedTime: 5, description: 'd', tags: [{ key: 'a', value: '1' }], aliases: [], latestVersions: [],
        });
        await store.setRegisteredModelTag('m', { key: 'a', value: '2' });
        await store.setRegisteredModelTag('m', { key: 'b', value: '3' });
        assert.equal(await store.deleteRegisteredModelTag('m', 'b'), true);
        assert.equal(await store.deleteRegisteredModelTag('m', 'b'), false);
        await store.updateRegisteredModel('m', null, 7);
        await store.createModelVersion(newVersion('m'));
        await store.setAlias('m', 'champion', 1);
        await store.renameRegisteredModel('m', 'n', 9);
        assert.equal(await store.findRegisteredModel('m'), undefined);
        const renamed = await store.findRegisteredModel('n');
        assert.equal(renamed?.description, null);
        assert.equal(renamed?.lastUpdatedTime, 9);
        assert.deepEqual(renamed?.tags, [{ key: 'a', value: '2' }]);
        assert.deepEqual(renamed?.aliases, [{ alias: 'champion', version: 1 }]);
        assert.equal((await store.findModelVersion('n', 1))?.name, 'n');
        await store.deleteRegisteredModel('n');
        assert.equal(await store.findRegisteredModel('n'), undefined);
        assert.equal(await store.findModelVersion('n', 1), undefined);
        // A new model under the old name starts from version 1 again, as in MLflow.
        await createModel('n');
        assert.equal(await store.createModelVersion(newVersion('n')), 1);
      });

      it('searches with filters, order and keyset paging', async () => {
        for (const [i, modelName] of ['beta', 'alpha', 'Gamma', 'delta'].entries()) await createModel(modelName, 100 + i);
        await store.setRegisteredModelTag('alpha', { key: 'team', value: 'fraud' });
        await store.setRegisteredModelTag('delta', { key: 'team', value: 'risk' });
        const names = async (filter = '', orderBy: string[] = [], maxResults = 100) => {
          const found: string[] = [];
          let pageToken: string | undefined;
          do {
            const page = await store.searchRegisteredModels({
              filter: parseModelFilter(filter), orderBy: parseModelOrderBy(orderBy), maxResults, pageToken,
            });
            found.push(...page.items.map((m) => m.name));
            pageToken = page.nextPageToken;
          } while (pageToken);
          return found;
        };
        assert.deepEqual(await names(), ['Gamma', 'alpha', 'beta', 'delta']);
        assert.deepEqual(await names('', [], 1), ['Gamma', 'alpha', 'beta', 'delta']);
        assert.deepEqual(await names("name ILIKE '%a'"), ['Gamma', 'alpha', 'beta', 'delta']);
        assert.deepEqual(await names("name LIKE '%ta'"), ['beta', 'delta']);
        assert.deepEqual(await names("tags.team = 'fraud' OR tags.team = 'risk'"), ['alpha', 'delta']);
        assert.deepEqual(await names('tags.team IS NULL'), ['Gamma', 'beta']);
        assert.deepEqual(await names("NOT name IN ('alpha', 'beta')"), ['Gamma', 'delta']);
        assert.deepEqual(await names('', ['creation_timestamp DESC'], 2), ['delta', 'Gamma', 'alpha', 'beta']);
      });
    });

    describe('model versions', () => {
      it('numbers versions densely and never reuses a deleted number', async () => {
        await createModel('m');
        assert.deepEqual([await store.createModelVersion(newVersion('m')), await store.createModelVersion(newVersion('m'))], [1, 2]);
        await store.deleteModelVersion('m', 2);
        assert.equal(await store.createModelVersion(newVersion('m')), 3);
        assert.deepEqual(await store.listVersionNumbersInStage('m', 'None'), [1, 3]);
      });

      it('hands 20 concurrent creates 20 consecutive numbers', async () => {
        await createModel('busy');
        const created = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.transaction(async (tx) => {
              await tx.lockRegisteredModel('busy');
              return tx.createModelVersion(newVersion('busy', { description: `v${i}` }));
            }),
          ),
        );
        assert.deepEqual([...created].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
        const outside = await Promise.all(Array.from({ length: 5 }, () => store.createModelVersion(newVersion('busy'))));
        assert.deepEqual([...outside].sort((a, b) => a - b), [21, 22, 23, 24, 25]);
      });

      it('stores every field, tags and aliases, and updates stage and description', async () => {
        await createModel('m');
        await store.createModelVersion(newVersion('m', {
          source: 'runs:/abc/model', runLink: 'http://x', description: 'first', tags: [{ key: 'k', value: 'v' }],
        }));
        await store.setAlias('m', 'b', 1);
        await store.setAlias('m', 'a', 1);
        await store.updateModelVersion('m', 1, { currentStage: 'Production', lastUpdatedTime: 200 });
        await store.setModelVersionTag('m', 1, { key: 'k2', value: 'v2' });
        assert.equal(await store.deleteModelVersionTag('m', 1, 'nope'), false);
        assert.deepEqual(await store.findModelVersion('m', 1), {
          name: 'm', version: 1, creationTime: 100, lastUpdatedTime: 200, userId: 'alice', currentStage: 'Production',
          description: 'first', source: 'runs:/abc/model', runId: 'abc', runLink: 'http://x', status: 'READY',
          statusMessage: null, storageLocation: 'mlflow-artifacts:/0/abc/artifacts/model',
          tags: [{ key: 'k', value: 'v' }, { key: 'k2', value: 'v2' }], aliases: ['a', 'b'],
        });
        assert.equal(await store.findModelVersionStage('m', 1), 'Production');
        assert.equal(await store.findModelVersionStage('m', 2), undefined);
        await store.deleteModelVersion('m', 1);
        assert.equal(await store.findAliasVersion('m', 'a'), undefined, 'aliases go with the version');
      });

      it('finds the latest version per stage and lists storage locations', async () => {
        await createModel('m');
        for (let i = 0; i < 4; i++) await store.createModelVersion(newVersion('m', { storageLocation: `s3://b/${i % 2}` }));
        await store.updateModelVersion('m', 2, { currentStage: 'Production', lastUpdatedTime: 1 });
        await store.updateModelVersion('m', 3, { currentStage: 'Production', lastUpdatedTime: 1 });
        const latest = await store.findLatestVersions('m', ['Production', 'Staging', 'None']);
        assert.deepEqual(latest.map((v) => [v.currentStage, v.version]), [['Production', 3], ['None', 4]]);
        assert.deepEqual((await store.findRegisteredModel('m'))?.latestVersions.map((v) => v.version), [4, 3]);
        assert.deepEqual(await store.listModelVersionStorageLocations(), ['s3://b/0', 's3://b/1']);
      });

      it('searches versions by name, run, source, tags, with MLflow order and paging', async () => {
        await createModel('a');
        await createModel('b');
        await store.createModelVersion(newVersion('a', { runId: 'r1', tags: [{ key: 't', value: 'x' }] }));
        await store.createModelVersion(newVersion('a', { runId: null, source: 's3://other' }));
        await store.createModelVersion(newVersion('b', { runId: 'r1' }));
        const found = async (filter = '', orderBy: string[] = [], maxResults = 100) => {
          const keys: string[] = [];
          let pageToken: string | undefined;
          do {
            const page = await store.searchModelVersions({
              filter: parseModelVersionFilter(filter), orderBy: parseModelVersionOrderBy(orderBy), maxResults, pageToken,
            });
            keys.push(...page.items.map((v) => `${v.name}/${v.version}`));
            pageToken = page.nextPageToken;
          } while (pageToken);
          return keys;
        };
        assert.deepEqual(await found(), ['a/2', 'a/1', 'b/1']);
        assert.deepEqual(await found('', [], 1), ['a/2', 'a/1', 'b/1']);
        assert.deepEqual(await found("run_id = 'r1'"), ['a/1', 'b/1']);
        assert.deepEqual(await found("run_id != 'r1'"), []);
        assert.deepEqual(await found("NOT run_id = 'r1'"), ['a/2']);
        assert.deepEqual(await found("source_path LIKE 's3://%'"), ['a/2']);
        assert.deepEqual(await found("name = 'a' AND tags.t = 'x'"), ['a/1']);
        assert.deepEqual(await found('version_number > 1'), ['a/2']);
        assert.deepEqual(await found('', ['version_number ASC', 'name DESC'], 1), ['b/1', 'a/1', 'a/2']);
      });
    });

    describe('aliases and history', () => {
      it('sets, moves and deletes aliases; history answers "who held it at time T"', async () => {
        await createModel('m');
        await store.createModelVersion(newVersion('m'));
        await store.createModelVersion(newVersion('m'));
        const event = (version: number, kind: 'alias_set' | 'alias_moved' | 'alias_deleted', time: number, previousVersion: number | null) =>
          store.appendRegistryHistory({
            modelName: 'm', version, kind, alias: 'prod', stage: null, previousVersion, previousStage: null, actor: 'al', time,
          });
        await store.setAlias('m', 'prod', 1);
        await event(1, 'alias_set', 100, null);
        await store.setAlias('m', 'prod', 2);
        await event(2, 'alias_moved', 200, 1);
        assert.equal(await store.findAliasVersion('m', 'prod'), 2);
        assert.equal(await store.deleteAlias('m', 'prod'), true);
        assert.equal(await store.deleteAlias('m', 'prod'), false);
        await event(2, 'alias_deleted', 300, 2);
        await store.appendRegistryHistory({
          modelName: 'm', version: 1, kind: 'stage_transition', alias: null, stage: 'Production', previousVersion: null,
          previousStage: 'None', actor: 'al', time: 150,
        });
        const at = async (time: number) => (await store.findAliasEventAt('m', 'prod', time))?.kind;
        assert.deepEqual([await at(99), await at(100), await at(199), await at(200), await at(300)], [
          undefined, 'alias_set', 'alias_set', 'alias_moved', 'alias_deleted',
        ]);
        assert.deepEqual((await store.listRegistryHistory({ modelName: 'm', alias: 'prod' })).map((e) => e.time), [100, 200, 300]);
        const all = await store.listRegistryHistory({ modelName: 'm' });
        assert.deepEqual(all.map((e) => e.kind), ['alias_set', 'stage_transition', 'alias_moved', 'alias_deleted']);
        assert.deepEqual(all[2], {
          eventId: all[2]?.eventId, name: 'm', version: 2, kind: 'alias_moved', alias: 'prod', stage: null,
          previousVersion: 1, previousStage: null, actor: 'al', time: 200,
        });
        await store.renameRegisteredModel('m', 'renamed', 400);
        assert.equal((await store.listRegistryHistory({ modelName: 'renamed' })).length, 4, 'history follows a rename');
      });
    });
  });
}
