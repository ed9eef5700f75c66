/**
 * Roll-up rows written by older versions (JSON text; every level of every series) still read exactly after
 * the upgrade, alone and mixed with rows the new code rebuilds, on SQLite and PostgreSQL. The
 * store under test and a second connection that rewrites its rows share one database.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Metric } from '../core/entities.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { ROLLUP_LEVELS } from '../core/metric-envelope-plan.js';
import { deriveLevel } from '../core/metric-rollup-build.js';
import { MetricEnvelopeService } from '../core/services/metric-envelope-service.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import { assertExactEnvelope, storedPoints, type Axis } from '../../test/helpers/envelope-oracle.js';
import { postgresTestServer } from '../../test/helpers/postgres-test-uri.js';
import { openStore } from './create-store.js';
import { openPostgres } from './postgres-connection.js';
import { decodeSummary, encodeSummary, encodeSummaryAsJson } from './rollup-summary-codec.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite-connection.js';

const STORE_OPTIONS = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

interface Opened {
  store: MetadataStore;
  /** A second connection to the store's database. */
  raw: Kysely<Database>;
  close(): Promise<void>;
}

const pg = await postgresTestServer();
const tmp = await mkdtemp(join(tmpdir(), 'strata-rollup-json-'));
after(async () => {
  if ('close' in pg) await pg.close();
  await rm(tmp, { recursive: true, force: true });
});

const dialects: Array<{ name: string; skip: string | false; open(): Promise<Opened> }> = [
  {
    name: 'SQLite',
    skip: false,
    open: async () => {
      const file = join(tmp, `${Math.random().toString(16).slice(2)}.db`);
      const store = await openStore(`sqlite:///${file}`, STORE_OPTIONS);
      const raw = openSqlite(file, { mustExist: true });
      return { store, raw, close: async () => { await raw.destroy(); await store.close(); } };
    },
  },
  {
    name: 'PostgreSQL',
    skip: 'skip' in pg ? pg.skip : false,
    open: async () => {
      if ('skip' in pg) throw new Error(pg.skip);
      const schema = await pg.freshSchema();
      const store = await openStore(pg.url, { ...STORE_OPTIONS, postgresSchema: schema });
      const { db: raw } = openPostgres(pg.url, { schema, maxConnections: 1 });
      return { store, raw, close: async () => { await raw.destroy(); await store.close(); } };
    },
  },
];

/** Every stored roll-up summary rewritten in the JSON form older versions wrote. */
async function rewriteAsJson(raw: Kysely<Database>): Promise<number> {
  const rows = await raw.selectFrom('metric_rollups').selectAll().execute();
  for (const row of rows) {
    await raw
      .updateTable('metric_rollups')
      .set({ summary: encodeSummaryAsJson(decodeSummary(row.summary)) })
      .where('run_uuid', '=', row.run_uuid)
      .where('key', '=', row.key)
      .where('level', '=', row.level)
      .where('block', '=', row.block)
      .execute();
  }
  return rows.length;
}

/** Steps 0..n-1 with NaN, ±Infinity, out-of-order timestamps, and a few steps logged twice. */
function series(n: number, from = 0): Metric[] {
  const special = [Number.NaN, Infinity, -Infinity];
  return Array.from({ length: n }, (_, i) => {
    const step = from + i;
    const value = step % 97 === 5 ? (special[step % 3] as number) : Math.sin(step / 7) * 100 + (step % 13);
    return { key: 'loss', value, step: step % 50 === 0 ? step - 3 : step, timestamp: 1_700_000_000_000 + ((step * 37) % 1000) * 1000 + step };
  });
}

const QUERIES: Array<{ axis: Axis; xMin?: number; xMax?: number; buckets: number }> = [
  { axis: 'step', buckets: 70 },
  { axis: 'step', buckets: 1000 },
  { axis: 'step', xMin: 300, xMax: 2500, buckets: 20 },
  { axis: 'timestamp', buckets: 50 },
];

for (const dialect of dialects) {
  describeOrSkip(`Roll-up rows stored as JSON before the binary encoding: ${dialect.name}`, dialect.skip, () => {
    it('reads them exactly, and mixed with blocks rebuilt after more points arrive', async () => {
      const { store, raw, close } = await dialect.open();
      try {
        await store.createRun({ runId: 'old-rows', experimentId: '0', runName: 'old', userId: 'u', status: 'RUNNING', startTime: 1, artifactUri: 'x:/old-rows', tags: [] });
        const logged = series(4000);
        await store.logMetrics('old-rows', logged);
        const envelopes = new MetricEnvelopeService(store);
        const check = async (label: string) => {
          for (const query of QUERIES) {
            const [envelope] = await envelopes.envelope({ series: [{ runId: 'old-rows', key: 'loss' }], ...query });
            assert.ok(envelope);
            assertExactEnvelope(envelope, storedPoints(logged), query, `${label} ${JSON.stringify(query)}`);
          }
        };
        await check('new rows');
        assert.ok((await rewriteAsJson(raw)) > 100);
        const stored = await raw.selectFrom('metric_rollups').select('summary').executeTakeFirstOrThrow();
        assert.ok(stored.summary.startsWith('['), 'the rows now hold JSON');
        await check('JSON rows');
        // Points after the upgrade: their blocks are rebuilt in the new form, the rest stay JSON.
        const more = series(700, 3500);
        await store.logMetrics('old-rows', more);
        logged.push(...more);
        await check('mixed rows');
        const forms = new Set((await raw.selectFrom('metric_rollups').select('summary').execute()).map((r) => r.summary.startsWith('[')));
        assert.deepEqual([...forms].sort(), [false, true], 'both forms are stored');
      } finally {
        await close();
      }
    });

    it('reads a series stored on all 13 levels (before series were stored up to their top only) and keeps it exact as it grows', async () => {
      const { store, raw, close } = await dialect.open();
      try {
        await store.createRun({ runId: 'all-levels', experimentId: '0', runName: 'all', userId: 'u', status: 'RUNNING', startTime: 1, artifactUri: 'x:/all-levels', tags: [] });
        // From step 100: a series with steps either side of 0 never fits one block and is stored on every level anyway.
        const logged = series(3000, 100);
        await store.logMetrics('all-levels', logged);
        const envelopes = new MetricEnvelopeService(store);
        const check = async (label: string) => {
          for (const query of [...QUERIES, { axis: 'step' as const, buckets: 3 }, { axis: 'timestamp' as const, buckets: 2 }]) {
            const [envelope] = await envelopes.envelope({ series: [{ runId: 'all-levels', key: 'loss' }], ...query });
            assert.ok(envelope);
            assertExactEnvelope(envelope, storedPoints(logged), query, `${label} ${JSON.stringify(query)}`);
          }
        };
        await check('stored up to the top');
        const [top] = await store.listStoredTops([{ runId: 'all-levels', key: 'loss' }]);
        assert.ok(top && top.level < ROLLUP_LEVELS - 1);
        // What an older version stored: every level above the top as well.
        for (let level = top.level + 1; level < ROLLUP_LEVELS; level += 1) {
          const rows = deriveLevel(top.blocks, top.level, level).map(({ block, summary }) => ({ run_uuid: 'all-levels', key: 'loss', level, block, summary: encodeSummary(summary) }));
          await raw.insertInto('metric_rollups').values(rows).execute();
        }
        assert.equal((await store.listStoredTops([{ runId: 'all-levels', key: 'loss' }]))[0]?.level, ROLLUP_LEVELS - 1);
        await check('all levels');
        const more = [...series(500, 2900), ...series(40, 5_000_000)];
        await store.logMetrics('all-levels', more);
        logged.push(...more);
        await check('all levels, grown');
        assert.equal((await store.listStoredTops([{ runId: 'all-levels', key: 'loss' }]))[0]?.level, ROLLUP_LEVELS - 1, 'still stored on every level');
      } finally {
        await close();
      }
    });

    it('cuts a series stored on all 13 levels down to its top once its roll-ups are up to date, and reads it exactly', async () => {
      const { store, raw, close } = await dialect.open();
      try {
        const ref = { runId: 'compact', key: 'loss' };
        await store.createRun({ runId: 'compact', experimentId: '0', runName: 'c', userId: 'u', status: 'RUNNING', startTime: 1, artifactUri: 'x:/compact', tags: [] });
        const logged = series(2000, 100);
        await store.logMetrics('compact', logged);
        await store.refreshMetricRollups([ref]);
        const [top] = await store.listStoredTops([ref]);
        assert.ok(top && top.level < ROLLUP_LEVELS - 1);
        for (let level = top.level + 1; level < ROLLUP_LEVELS; level += 1) {
          const rows = deriveLevel(top.blocks, top.level, level).map(({ block, summary }) => ({ run_uuid: 'compact', key: 'loss', level, block, summary: encodeSummary(summary) }));
          await raw.insertInto('metric_rollups').values(rows).execute();
        }
        const candidates = async () => {
          const found: string[] = [];
          let after: { runId: string; key: string } | undefined;
          do {
            const page = await store.listSeriesStoredOnEveryLevel(after, 2);
            found.push(...page.series.map((s) => s.runId));
            after = page.next;
          } while (after !== undefined);
          return found;
        };
        // Stale (points logged, not yet rebuilt): left alone.
        const more = series(30, 1500);
        await store.logMetrics('compact', more);
        logged.push(...more);
        assert.deepEqual(await candidates(), []);
        assert.equal(await store.compactStoredTops([ref]), 0);
        await store.refreshMetricRollups([ref]);
        assert.deepEqual(await candidates(), ['compact']);
        assert.equal(await store.compactStoredTops([ref]), 1);
        assert.equal((await store.listStoredTops([ref]))[0]?.level, top.level);
        const above = await raw.selectFrom('metric_rollups').select('level').where('run_uuid', '=', 'compact').where('level', '>', top.level).execute();
        assert.deepEqual(above, []);
        assert.deepEqual(await candidates(), []);
        assert.equal(await store.compactStoredTops([ref]), 0, 'nothing left to cut');
        const envelopes = new MetricEnvelopeService(store);
        for (const query of [...QUERIES, { axis: 'step' as const, buckets: 2 }, { axis: 'timestamp' as const, buckets: 3 }]) {
          const [envelope] = await envelopes.envelope({ series: [ref], ...query });
          assert.ok(envelope);
          assertExactEnvelope(envelope, storedPoints(logged), query, JSON.stringify(query));
        }
      } finally {
        await close();
      }
    });
  });
}
