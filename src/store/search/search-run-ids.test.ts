import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { ViewType } from '../../core/entities.js';
import { isStrataError } from '../../core/errors.js';
import { parseRunFilter, parseRunOrderBy } from '../../core/search/index.js';
import { detectSearchDialect, searchRunIds } from './index.js';
import { encodePageToken } from './page-token.js';
import {
  insertRun,
  openTestDatabases,
  type TestDatabase,
} from '../../../test/helpers/search-test-database.js';

interface Search {
  filter?: string;
  orderBy?: string[];
  experimentIds?: string[];
  viewType?: ViewType;
}

async function fixtures(t: TestDatabase): Promise<void> {
  const { db } = t;
  await insertRun(db, {
    id: 'r1', name: 'alpha-run', start: 1000, metrics: { acc: 0.9, loss: 0.1 }, params: { lr: '0.1', opt: 'adam' },
    tags: { team: 'Vision', prio: 'b', 'mlflow.source.name': 'train.py' }, inputs: [{ name: 'mnist', digest: 'd1', context: 'training' }],
  });
  await insertRun(db, {
    id: 'r2', name: 'beta-run', status: 'FAILED', start: 2000, metrics: { acc: 0.5, loss: NaN }, params: { lr: '0.01', opt: 'sgd' },
    tags: { team: 'nlp', prio: 'a' }, inputs: [{ name: 'mnist', digest: 'd1', context: 'eval' }, { name: 'cifar', digest: 'd2' }],
  });
  await insertRun(db, { id: 'r3', name: 'gamma', status: 'RUNNING', start: 3000, end: null, metrics: { acc: NaN }, params: { lr: '0.1' } });
  await insertRun(db, { id: 'r4', name: 'delta', start: 4000, params: { opt: 'Adam' }, tags: { team: 'vision', prio: 'c' } });
  await insertRun(db, { id: 'r5', name: 'deleted-run', start: 5000, stage: 'deleted', metrics: { acc: 0.7, loss: 0.3 } });
  await insertRun(db, { id: 'r6', name: 'other-exp', experimentId: 2, start: 1500, metrics: { acc: 0.95 } });
  await insertRun(db, { id: 'r7', name: 'tie', start: 2000, metrics: { acc: 0.5 }, params: { lr: '0.001' } });
}

async function allPages(t: TestDatabase, search: Search, pageSize = 1000): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < 100; i += 1) {
    const page = await searchRunIds(t.db, {
      experimentIds: search.experimentIds ?? ['1'],
      filter: parseRunFilter(search.filter ?? ''),
      orderBy: parseRunOrderBy(search.orderBy ?? []),
      viewType: search.viewType ?? 'ACTIVE_ONLY',
      maxResults: pageSize,
      pageToken,
    }, t.dialect);
    ids.push(...page.runIds);
    pageToken = page.nextPageToken;
    if (!pageToken) return ids;
  }
  throw new Error('paging did not end');
}

const FILTER_CASES: Array<[string, string[]]> = [
  ['', ['r4', 'r3', 'r2', 'r7', 'r1']],
  // metrics, every comparator; NaN (stored as 0) only matches !=
  ['metrics.acc > 0.6', ['r1']],
  ['metrics.acc >= 0.5', ['r2', 'r7', 'r1']],
  ['metrics.acc = 0.5', ['r2', 'r7']],
  ['metrics.acc != 0.5', ['r3', 'r1']],
  ['metrics.acc < 0.9', ['r2', 'r7']],
  ['metrics.acc <= 0.9', ['r2', 'r7', 'r1']],
  ['metrics.loss = 0', []],
  ['metrics.loss != 0', ['r2', 'r1']],
  ['metric.`acc` > -1e3', ['r2', 'r7', 'r1']],
  // params and tags
  ["params.lr = '0.1'", ['r3', 'r1']],
  ["params.lr != '0.1'", ['r2', 'r7']],
  ["params.opt LIKE 'a%'", ['r1']],
  ["params.opt ILIKE 'a%'", ['r4', 'r1']],
  ["params.opt IN ('adam', 'sgd')", ['r2', 'r1']],
  ["params.opt NOT IN ('adam')", ['r4', 'r2']],
  ["tags.team = 'vision'", ['r4']],
  ["tags.team ILIKE 'VISION'", ['r4', 'r1']],
  ["tags.mlflow.source.name = 'train.py'", ['r1']],
  ["tags.\"mlflow.source.name\" LIKE '%.py'", ['r1']],
  // attributes
  ["status = 'FAILED'", ['r2']],
  ["attributes.status IN ('RUNNING', 'FAILED')", ['r3', 'r2']],
  ["run_name LIKE '%-run'", ['r2', 'r1']],
  ["`Run Name` ILIKE 'GAMMA'", ['r3']],
  ["run_id = 'r7'", ['r7']],
  ["run_id NOT IN ('r1', 'r2')", ['r4', 'r3', 'r7']],
  ["user_id = 'alice'", ['r4', 'r3', 'r2', 'r7', 'r1']],
  ["artifact_uri LIKE '%/r1'", ['r1']],
  ['created >= 2000', ['r4', 'r3', 'r2', 'r7']],
  ['start_time < 2000', ['r1']],
  ['end_time IS NULL', ['r3']],
  ['end_time IS NOT NULL', ['r4', 'r2', 'r7', 'r1']],
  ['NOT end_time > 2005', ['r3', 'r1']],
  // OR, NOT, parentheses
  ["metrics.acc > 0.8 OR tags.team = 'nlp'", ['r2', 'r1']],
  ['NOT metrics.acc > 0.8', ['r4', 'r3', 'r2', 'r7']],
  ["(params.lr = '0.1' OR params.opt = 'Adam') AND NOT status = 'RUNNING'", ['r4', 'r1']],
  ["params.lr = '0.1' OR params.opt = 'Adam' AND status = 'RUNNING'", ['r3', 'r1']],
  // IS [NOT] NULL on keyed values
  ['metrics.acc IS NULL', ['r4']],
  ['metrics.loss IS NOT NULL', ['r2', 'r1']],
  ['params.opt IS NULL', ['r3', 'r7']],
  ['tags.team IS NULL', ['r3', 'r7']],
  // datasets
  ["datasets.name = 'mnist'", ['r2', 'r1']],
  ["datasets.digest IN ('d2')", ['r2']],
  ["datasets.context = 'training'", ['r1']],
  ["datasets.context ILIKE 'EVAL'", ['r2']],
  ['datasets.name IS NULL', ['r4', 'r3', 'r7']],
  ['datasets.context IS NULL', ['r4', 'r3', 'r7']],
  ["datasets.name = 'cifar' AND datasets.context = 'eval'", ['r2']],
];

const ORDER_CASES: Array<[string[], string[]]> = [
  // NaN then missing last in both directions; ties fall back to start_time DESC, run id ASC
  [['metrics.acc DESC'], ['r1', 'r2', 'r7', 'r3', 'r4']],
  [['metrics.acc'], ['r2', 'r7', 'r1', 'r3', 'r4']],
  [['metrics.loss ASC'], ['r1', 'r2', 'r4', 'r3', 'r7']],
  [['metrics.loss DESC'], ['r1', 'r2', 'r4', 'r3', 'r7']],
  [['params.lr DESC'], ['r3', 'r1', 'r2', 'r7', 'r4']],
  [['tags.prio'], ['r2', 'r1', 'r4', 'r3', 'r7']],
  [['tags.prio DESC'], ['r4', 'r1', 'r2', 'r3', 'r7']],
  [['end_time DESC'], ['r4', 'r2', 'r7', 'r1', 'r3']],
  [['end_time'], ['r1', 'r2', 'r7', 'r4', 'r3']],
  [['start_time ASC'], ['r1', 'r2', 'r7', 'r3', 'r4']],
  [['run_name'], ['r1', 'r2', 'r4', 'r3', 'r7']],
  [['params.lr ASC', 'metrics.acc DESC'], ['r7', 'r2', 'r1', 'r3', 'r4']],
];

const databases = await openTestDatabases('searchRunIds');

for (const t of databases) {
  describe(`searchRunIds on ${t.name}`, () => {
    before(() => fixtures(t));
    after(() => t.close());

    it('filters with every comparator, alias and extension', async () => {
      for (const [filter, expected] of FILTER_CASES) {
        assert.deepEqual(await allPages(t, { filter }), expected, filter);
      }
    });

    it('applies the view type and the experiment ids', async () => {
      assert.deepEqual(await allPages(t, { viewType: 'DELETED_ONLY' }), ['r5']);
      assert.deepEqual(await allPages(t, { viewType: 'ALL' }), ['r5', 'r4', 'r3', 'r2', 'r7', 'r1']);
      assert.deepEqual(await allPages(t, { experimentIds: ['1', '2'] }), ['r4', 'r3', 'r2', 'r7', 'r6', 'r1']);
      assert.deepEqual(await allPages(t, { experimentIds: ['2'], filter: 'metrics.acc > 0.9' }), ['r6']);
      assert.deepEqual(await allPages(t, { experimentIds: ['not-a-number'] }), []);
      assert.deepEqual(await allPages(t, { experimentIds: [] }), []);
    });

    it('orders with MLflow semantics for NaN and missing values', async () => {
      for (const [orderBy, expected] of ORDER_CASES) {
        assert.deepEqual(await allPages(t, { orderBy }), expected, orderBy.join(', '));
      }
    });

    it('pages through every order without gaps or repeats', async () => {
      const searches: Search[] = [
        ...ORDER_CASES.map(([orderBy]) => ({ orderBy, viewType: 'ALL' as const, experimentIds: ['1', '2'] })),
        { filter: 'metrics.acc IS NOT NULL OR end_time IS NULL', orderBy: ['metrics.acc DESC', 'end_time'] },
      ];
      for (const search of searches) {
        const expected = await allPages(t, search);
        for (const size of [1, 2, 3]) assert.deepEqual(await allPages(t, search, size), expected, `${search.orderBy} / ${size}`);
      }
    });

    it('keeps pages stable while runs are inserted', async () => {
      for (let i = 0; i < 6; i += 1) await insertRun(t.db, { id: `s${i}`, experimentId: 4, start: 1000 * (i + 1), metrics: { m: i % 3 } });
      const query = { experimentIds: ['4'], orderBy: parseRunOrderBy(['metrics.m DESC']), viewType: 'ACTIVE_ONLY' as const, maxResults: 2 };
      const first = await searchRunIds(t.db, query, t.dialect);
      assert.deepEqual(first.runIds, ['s5', 's2']);
      // One run sorts before the page already read, one after it.
      await insertRun(t.db, { id: 'new-first', experimentId: 4, start: 99_000, metrics: { m: 9 } });
      await insertRun(t.db, { id: 'new-later', experimentId: 4, start: 500, metrics: { m: 0 } });
      const rest: string[] = [];
      let pageToken = first.nextPageToken;
      while (pageToken) {
        const page = await searchRunIds(t.db, { ...query, pageToken }, t.dialect);
        rest.push(...page.runIds);
        pageToken = page.nextPageToken;
      }
      assert.deepEqual(rest, ['s4', 's1', 's3', 's0', 'new-later']);
    });

    it('answers a filter on the order_by metric from its index exactly as the general plan would', async () => {
      // Experiment 5: values with ties, NaN, missing, a deleted run, equal start times; the
      // same metric in experiment 6 must not leak in. Values repeat every 9 runs.
      const values = [0.5, 0.25, NaN, 0.75, 0.5, 1, -2, Infinity, -Infinity];
      const expected: Array<{ id: string; value: number; start: number; model: string }> = [];
      for (let i = 0; i < 40; i += 1) {
        const id = `m${String(i).padStart(2, '0')}`;
        const value = values[i % values.length] as number;
        const start = 1000 + Math.floor(i / 3) * 10;
        const model = i % 2 === 0 ? 'resnet' : 'vit';
        const stage = i % 11 === 5 ? 'deleted' : 'active';
        await insertRun(t.db, { id, experimentId: 5, start, stage, metrics: i % 9 === 4 ? {} : { m: value }, params: { model } });
        if (stage === 'active' && i % 9 !== 4 && !Number.isNaN(value)) expected.push({ id, value, start, model });
      }
      await insertRun(t.db, { id: 'elsewhere', experimentId: 6, start: 5000, metrics: { m: 1 } });
      const ordered = (rows: typeof expected, ascending: boolean) =>
        [...rows]
          .sort((a, b) => (ascending ? a.value - b.value : b.value - a.value) || b.start - a.start || (a.id < b.id ? -1 : 1))
          .map((r) => r.id);
      const cases: Array<[string, boolean, (r: (typeof expected)[number]) => boolean]> = [
        ['metrics.m > 0.3', false, (r) => r.value > 0.3],
        ['metrics.m >= 0.5', true, (r) => r.value >= 0.5],
        ['metrics.m < 0.6', false, (r) => r.value < 0.6],
        ['metrics.m = 0.5', true, (r) => r.value === 0.5],
        ['metrics.m > -5 AND metrics.m <= 0.75', true, (r) => r.value > -5 && r.value <= 0.75],
        ["params.model = 'resnet' AND metrics.m > 0", false, (r) => r.model === 'resnet' && r.value > 0],
      ];
      for (const [filter, ascending, keep] of cases) {
        const search = { experimentIds: ['5'], filter, orderBy: [`metrics.m ${ascending ? 'ASC' : 'DESC'}`] };
        const want = ordered(expected.filter(keep), ascending);
        // The same filter written so that it is not a top-level conjunct takes the general plan.
        const general = await allPages(t, { ...search, filter: `(${filter}) OR (${filter})` });
        assert.deepEqual(general, want, `general plan: ${filter}`);
        for (const size of [1, 2, 3, 7, 1000]) assert.deepEqual(await allPages(t, search, size), want, `${filter} / ${size}`);
      }
      // A second order_by key still orders the runs that tie on the first.
      const byModel = await allPages(t, { experimentIds: ['5'], filter: 'metrics.m >= 0.5', orderBy: ['metrics.m', 'params.model DESC'] }, 2);
      const general = await allPages(t, { experimentIds: ['5'], filter: '(metrics.m >= 0.5) OR (metrics.m >= 0.5)', orderBy: ['metrics.m', 'params.model DESC'] });
      assert.deepEqual(byModel, general);
    });

    it('orders by a metric without a filter on it from its index, with the general plan\'s rows and page tokens', async () => {
      // Experiment 7: numbers with ties, NaN, missing, deleted runs, equal start times, a second metric
      // and a param to filter on; experiment 8 has the same keys and must not leak in.
      const values = [0.5, 0.25, NaN, 0.75, 0.5, 1, -2, Infinity, -Infinity];
      for (let i = 0; i < 40; i += 1) {
        const value = values[i % values.length] as number;
        const metrics: Record<string, number> = i % 9 === 4 ? { other: i } : i % 5 === 0 ? { m: value } : { m: value, other: i % 4 };
        const stage = i % 11 === 5 ? 'deleted' : 'active';
        await insertRun(t.db, { id: `o${String(i).padStart(2, '0')}`, experimentId: 7, start: 1000 + Math.floor(i / 3) * 10, stage, metrics, params: { model: i % 2 === 0 ? 'resnet' : 'vit' } });
      }
      await insertRun(t.db, { id: 'o-elsewhere', experimentId: 8, start: 5000, metrics: { m: 1, other: 1 }, params: { model: 'resnet' } });
      const shapes: Search[] = [
        { orderBy: ['metrics.m DESC'] },
        { orderBy: ['metrics.m'] },
        { orderBy: ['metrics.m DESC'], viewType: 'ALL' },
        { orderBy: ['metrics.m'], viewType: 'DELETED_ONLY' },
        { orderBy: ['metrics.m DESC', 'params.model'] },
        { orderBy: ['metrics.m', 'metrics.other DESC'] },
        { orderBy: ['metrics.m DESC'], filter: "params.model = 'resnet' AND metrics.other > 0" },
        { orderBy: ['metrics.m'], filter: 'metrics.other <= 1' },
        { orderBy: ['metrics.m DESC'], filter: 'metrics.m != 0.5' },
        { orderBy: ['metrics.m'], filter: 'metrics.m IS NULL' },
        { orderBy: ['metrics.missing DESC'] },
      ];
      const pages = async (search: Search, size: number) => {
        const out: Array<{ runIds: string[]; nextPageToken?: string }> = [];
        let pageToken: string | undefined;
        do {
          const page = await searchRunIds(t.db, {
            experimentIds: search.experimentIds ?? ['7'], filter: parseRunFilter(search.filter ?? ''), orderBy: parseRunOrderBy(search.orderBy ?? []),
            viewType: search.viewType ?? 'ACTIVE_ONLY', maxResults: size, pageToken,
          }, t.dialect);
          out.push(page);
          pageToken = page.nextPageToken;
        } while (pageToken && out.length < 100);
        return out;
      };
      for (const search of shapes) {
        // Two experiment ids (one without runs) take the general plan: same rows, same order.
        const label = `${search.orderBy?.join(', ')} / ${search.filter ?? ''} / ${search.viewType ?? ''}`;
        for (const size of [1, 2, 3, 7, 1000]) {
          assert.deepEqual(await pages(search, size), await pages({ ...search, experimentIds: ['7', '999'] }, size), `${label} / ${size}`);
        }
      }
    });

    it('orders by a param or tag from its index, with the general plan\'s rows and page tokens', async () => {
      // Experiment 9: values with long ties (equal start times among them), missing keys, deleted
      // runs, a metric to filter on; experiment 10 has the same keys and must not leak in.
      const models = ['resnet', 'vit', 'resnet', 'bert', 'Vit', 'resnet', ''];
      for (let i = 0; i < 40; i += 1) {
        const params: Record<string, string> = i % 7 === 3 ? { other: String(i) } : { model: models[i % models.length]!, seed: String(i % 4) };
        const tags: Record<string, string> = i % 6 === 1 ? {} : { team: i % 3 === 0 ? 'vision' : 'nlp' };
        const stage = i % 11 === 5 ? 'deleted' : 'active';
        await insertRun(t.db, { id: `k${String(i).padStart(2, '0')}`, experimentId: 9, start: 1000 + Math.floor(i / 4) * 10, stage, params, tags, metrics: { acc: (i % 5) / 5 } });
      }
      await insertRun(t.db, { id: 'k-elsewhere', experimentId: 10, start: 5000, params: { model: 'resnet', path: 'x'.repeat(3000) }, tags: { team: 'nlp' } });
      // A key with one value longer than the sort indexes take (SORTABLE_VALUE_BYTES): sorted by the general plan.
      await insertRun(t.db, { id: 'k-long', experimentId: 9, start: 1005, params: { path: `/data/${'é'.repeat(600)}` } });
      for (const [i, path] of ['/data/a', '/data/b', '/data/a'].entries()) await insertRun(t.db, { id: `k-path${i}`, experimentId: 9, start: 1001 + i, params: { path } });
      const shapes: Search[] = [
        { orderBy: ['params.model'] },
        { orderBy: ['params.model DESC'] },
        { orderBy: ['tags.team'] },
        { orderBy: ['tags.team DESC'], viewType: 'ALL' },
        { orderBy: ['params.model'], viewType: 'DELETED_ONLY' },
        { orderBy: ['params.model DESC', 'metrics.acc'] },
        { orderBy: ['tags.team', 'params.seed DESC'] },
        { orderBy: ['params.model'], filter: "tags.team = 'nlp' AND metrics.acc > 0.2" },
        { orderBy: ['tags.team DESC'], filter: "params.model LIKE 'res%'" },
        { orderBy: ['params.model'], filter: 'params.model IS NULL' },
        { orderBy: ['params.missing DESC'] },
        { orderBy: ['params.path'] },
        { orderBy: ['params.path DESC'] },
      ];
      const pages = async (search: Search, size: number) => {
        const out: Array<{ runIds: string[]; nextPageToken?: string }> = [];
        let pageToken: string | undefined;
        do {
          const page = await searchRunIds(t.db, {
            experimentIds: search.experimentIds ?? ['9'], filter: parseRunFilter(search.filter ?? ''), orderBy: parseRunOrderBy(search.orderBy ?? []),
            viewType: search.viewType ?? 'ACTIVE_ONLY', maxResults: size, pageToken,
          }, t.dialect);
          out.push(page);
          pageToken = page.nextPageToken;
        } while (pageToken && out.length < 100);
        return out;
      };
      for (const search of shapes) {
        // Two experiment ids (one without runs) take the general plan: same rows, same order, same tokens.
        const label = `${search.orderBy?.join(', ')} / ${search.filter ?? ''} / ${search.viewType ?? ''}`;
        for (const size of [1, 2, 3, 7, 1000]) {
          assert.deepEqual(await pages(search, size), await pages({ ...search, experimentIds: ['9', '999'] }, size), `${label} / ${size}`);
        }
      }
      // And a token of one plan resumes in the other: page 1 by the index, the rest by the general plan.
      const first = await pages({ orderBy: ['tags.team'] }, 5);
      const whole = (await pages({ orderBy: ['tags.team'], experimentIds: ['9', '999'] }, 1000))[0]!.runIds;
      assert.deepEqual(first.flatMap((p) => p.runIds), whole);
      assert.deepEqual((await pages({ orderBy: ['params.path DESC'] }, 1000))[0]!.runIds.slice(0, 4), ['k-long', 'k-path1', 'k-path2', 'k-path0']);
    });

    it('detects the dialect from the Kysely instance', () => {
      assert.equal(detectSearchDialect(t.db), t.dialect);
    });

    it('returns no token after the last page', async () => {
      const page = await searchRunIds(t.db, { experimentIds: ['1'], orderBy: [], viewType: 'ACTIVE_ONLY', maxResults: 5 }, t.dialect);
      assert.equal(page.runIds.length, 5);
      assert.equal(page.nextPageToken, undefined);
    });

    it('rejects malformed page tokens', async () => {
      const base = { experimentIds: ['1'], orderBy: parseRunOrderBy(['metrics.acc']), viewType: 'ACTIVE_ONLY' as const, maxResults: 2 };
      const bad = [
        'not a token!',
        encodePageToken([]),
        encodePageToken([0, 0.5, 2000]),
        encodePageToken(['x', 0.5, 2000, 'r2']),
        encodePageToken([0, 0.5, '2000', 'r2']),
        encodePageToken([0, 0.5, null, 'r2']),
        Buffer.from('{"offset": 2}').toString('base64url'),
      ];
      for (const pageToken of bad) {
        await assert.rejects(searchRunIds(t.db, { ...base, pageToken }, t.dialect), (error: unknown) => {
          assert.ok(isStrataError(error));
          assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
          assert.equal(error.message, 'Invalid page token');
          return true;
        }, pageToken);
      }
    });

    it('treats injection attempts as literal values', async () => {
      await insertRun(t.db, {
        id: 'inj', experimentId: 3, start: 1, params: { x: "a' OR 1=1 --" }, tags: { "k'; DROP TABLE runs; --": 'v' },
      });
      await insertRun(t.db, { id: 'other', experimentId: 3, start: 2, params: { x: 'b' } });
      const search = (filter: string, orderBy: string[] = []) => allPages(t, { experimentIds: ['3'], filter, orderBy });
      assert.deepEqual(await search("params.x = 'a'' OR 1=1 --'"), ['inj']);
      assert.deepEqual(await search("params.x = 'a'"), []);
      assert.deepEqual(await search("tags.`k'; DROP TABLE runs; --` = 'v'"), ['inj']);
      assert.deepEqual(await search("params.x LIKE '%'' OR ''1''=''1'"), []);
      assert.deepEqual(await search('', ["params.`x'); DROP TABLE runs; --` DESC"]), ['other', 'inj']);
      const count = await sql<{ n: number }>`SELECT count(*) AS n FROM runs`.execute(t.db);
      assert.ok(Number(count.rows[0]?.n) > 0);
    });
  });
}
