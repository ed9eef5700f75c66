import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ViewType } from '../../core/entities.js';
import { isStrataError } from '../../core/errors.js';
import { parseExperimentFilter, parseExperimentOrderBy } from '../../core/search/index.js';
import { searchExperimentIds } from './index.js';
import { insertExperiment, openTestDatabases } from '../../../test/helpers/search-test-database.js';

interface Search {
  filter?: string;
  orderBy?: string[];
  viewType?: ViewType;
}

const databases = await openTestDatabases('searchExperimentIds');

for (const t of databases) {
  describe(`searchExperimentIds on ${t.name}`, () => {
    // Experiment ids by name, as the database assigned them.
    const id: Record<string, string> = {};

    before(async () => {
      id.default = await insertExperiment(t.db, { name: 'Default', created: 100 });
      id.a = await insertExperiment(t.db, { name: 'exp-a', created: 200, tags: { team: 'ml' } });
      id.b = await insertExperiment(t.db, { name: 'exp-b', created: 300, updated: 900, tags: { team: 'cv' } });
      id.c = await insertExperiment(t.db, { name: 'Exp-C', created: 400, stage: 'deleted' });
      id.d = await insertExperiment(t.db, { name: 'exp-d', created: 200 });
    });
    after(() => t.close());

    async function search(s: Search, pageSize = 100): Promise<string[]> {
      const names = Object.fromEntries(Object.entries(id).map(([name, value]) => [value, name]));
      const found: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await searchExperimentIds(t.db, {
          filter: parseExperimentFilter(s.filter ?? ''),
          orderBy: parseExperimentOrderBy(s.orderBy ?? []),
          viewType: s.viewType ?? 'ACTIVE_ONLY',
          maxResults: pageSize,
          pageToken,
        });
        found.push(...page.experimentIds.map((e) => names[e] ?? e));
        pageToken = page.nextPageToken;
      } while (pageToken);
      return found;
    }

    it('orders newest first by default, experiment id breaking ties', async () => {
      assert.deepEqual(await search({}), ['b', 'a', 'd', 'default']);
      assert.deepEqual(await search({ viewType: 'DELETED_ONLY' }), ['c']);
      assert.deepEqual(await search({ viewType: 'ALL' }), ['c', 'b', 'a', 'd', 'default']);
    });

    it('filters on name, times and tags', async () => {
      const cases: Array<[string, string[], ViewType?]> = [
        ["name LIKE 'exp-%'", ['b', 'a', 'd']],
        ["name ILIKE 'exp-%'", ['c', 'b', 'a', 'd'], 'ALL'],
        ["name = 'Default'", ['default']],
        ["name != 'Default'", ['b', 'a', 'd']],
        ["name IN ('Default', 'exp-d')", ['d', 'default']],
        ["tags.team = 'ml'", ['a']],
        ["tags.team LIKE '%'", ['b', 'a']],
        ['tags.team IS NULL', ['d', 'default']],
        ["creation_time >= 200 AND NOT name = 'exp-b'", ['a', 'd']],
        ['last_update_time > 500', ['b']],
        ["attributes.creation_time < 150 OR tags.team = 'cv'", ['b', 'default']],
      ];
      for (const [filter, expected, viewType] of cases) assert.deepEqual(await search({ filter, viewType }), expected, filter);
    });

    it('orders by each key and pages through the same order', async () => {
      const cases: Array<[string[], string[]]> = [
        [['name'], ['default', 'a', 'b', 'd']],
        [['name DESC'], ['d', 'b', 'a', 'default']],
        [['last_update_time DESC'], ['b', 'a', 'd', 'default']],
        [['creation_time ASC'], ['default', 'a', 'd', 'b']],
        [['experiment_id DESC'], ['d', 'b', 'a', 'default']],
      ];
      for (const [orderBy, expected] of cases) {
        assert.deepEqual(await search({ orderBy }), expected, orderBy.join());
        assert.deepEqual(await search({ orderBy }, 1), expected, `${orderBy.join()} paged`);
      }
    });

    it('rejects a malformed page token', async () => {
      await assert.rejects(
        searchExperimentIds(t.db, { orderBy: [], viewType: 'ALL', maxResults: 1, pageToken: 'bm9wZQ' }),
        (error: unknown) => isStrataError(error) && error.message === 'Invalid page token',
      );
    });
  });
}
