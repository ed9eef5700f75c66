// The analysis plots' logic without a browser: nice ticks, log and categorical scales, brush
// filtering (AND over axes, missing values never brushed), column typing, diff rows and URL state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyBrushes, brushFromDrag } from '../../web/src/features/compare/analysis/brush.js';
import { buildColumns, defaultAxes, type AnalysisRow } from '../../web/src/features/compare/analysis/columns.js';
import { diffRows, visibleDiffRows } from '../../web/src/features/compare/analysis/diff.js';
import { parseAnalysisView, writeAnalysisView } from '../../web/src/features/compare/analysis/analysisView.js';
import { axisPositions, colorBuckets } from '../../web/src/features/compare/analysis/positions.js';
import { formatTick, logTicks, niceStep, niceTicks, scaleFor } from '../../web/src/features/compare/analysis/scales.js';

const row = (id: string, params: Record<string, string>, metrics: Record<string, number>): AnalysisRow => ({ id, label: id, params, metrics });

describe('analysis scales', () => {
  it('picks 1-2-5 steps and ticks on their multiples', () => {
    assert.equal(niceStep(0, 1, 5), 0.2);
    assert.equal(niceStep(0, 97, 5), 20);
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0.13, 0.71, 5), [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    assert.deepEqual(niceTicks(-3, 7, 4), [-2, 0, 2, 4, 6]);
    assert.deepEqual(niceTicks(5, 5), [5]);
    assert.deepEqual(niceTicks(NaN, 1), []);
  });

  it('puts log ticks on powers of ten and maps them evenly', () => {
    assert.deepEqual(logTicks(1e-5, 1e-1, 5), [1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
    assert.deepEqual(logTicks(0.002, 0.5, 5), [0.01, 0.1]);
    assert.deepEqual(logTicks(0, 1), []);
    const [lr] = buildColumns([row('a', { lr: '0.0001' }, {}), row('b', { lr: '0.01' }, {}), row('c', { lr: '0.001' }, {})]);
    assert.ok(lr);
    const scale = scaleFor(lr, true);
    assert.equal(scale.kind, 'log');
    assert.ok(Math.abs(scale.toT(0.001) - 0.5) < 1e-9);
    assert.ok(Math.abs(scale.fromT(0.5) - 0.001) < 1e-12);
    // Not every value is positive: the axis stays linear.
    const [zero] = buildColumns([row('a', { x: '0' }, {}), row('b', { x: '10' }, {})]);
    assert.equal(zero && scaleFor(zero, true).kind, 'linear');
  });

  it('labels ticks briefly', () => {
    assert.deepEqual([1e-4, 2.5e6, 1e7, 0.0015, 120, 0].map(formatTick), ['1e-4', '2.5e6', '1e7', '0.0015', '120', '0']);
  });

  it('types string params as categories, spread evenly in sorted order', () => {
    const columns = buildColumns([row('a', { opt: 'sgd', layers: '2' }, { loss: 1 }), row('b', { opt: 'adam', layers: '10' }, { loss: 0.5 }), row('c', { opt: 'adamw', layers: '4' }, {})]);
    const opt = columns.find((c) => c.id === 'params.opt');
    assert.equal(opt?.type, 'categorical');
    assert.deepEqual(opt?.categories, ['adam', 'adamw', 'sgd']);
    assert.equal(columns.find((c) => c.id === 'params.layers')?.type, 'numeric');
    const scale = opt && scaleFor(opt, false);
    assert.deepEqual(scale?.ticks.map((t) => [t.t, t.label]), [[0, 'adam'], [0.5, 'adamw'], [1, 'sgd']]);
    assert.equal(scale?.fromT(0.8), 2);
    const loss = columns.find((c) => c.id === 'metrics.loss');
    assert.ok(loss && Number.isNaN(loss.values[2] ?? 0), 'a run without the metric has no value');
  });

  it('defaults to the params that differ and up to 3 metrics', () => {
    const columns = buildColumns([
      row('a', { same: '1', lr: '0.1', opt: 'sgd' }, { m1: 1, m2: 2, m3: 3, m4: 4 }),
      row('b', { same: '1', lr: '0.2', opt: 'adam' }, { m1: 1, m2: 2, m3: 3, m4: 4 }),
    ]);
    assert.deepEqual(defaultAxes(columns), ['params.lr', 'params.opt', 'metrics.m1', 'metrics.m2', 'metrics.m3']);
    // A seed unique to each of many runs is left out.
    const many = buildColumns(Array.from({ length: 30 }, (_, i) => row(`r${i}`, { seed: String(i), lr: String(i % 3) }, { loss: i })));
    assert.deepEqual(defaultAxes(many), ['params.lr', 'metrics.loss']);
  });
});

describe('brushing', () => {
  const rows = [row('a', { x: '0' }, { y: 0 }), row('b', { x: '5' }, { y: 10 }), row('c', { x: '10' }, { y: 5 }), row('d', { x: '7' }, {})];
  const columns = buildColumns(rows);
  const t = axisPositions(columns, columns.map((c) => scaleFor(c, false)), rows.length);
  const mask = new Uint8Array(rows.length);

  it('brushes everything without brushes, and ANDs the brushed axes', () => {
    assert.equal(applyBrushes(t, 2, 4, new Map(), mask), 4);
    assert.deepEqual([...mask], [1, 1, 1, 1]);
    assert.equal(applyBrushes(t, 2, 4, new Map([[0, { lo: 0.4, hi: 1 }]]), mask), 3);
    assert.deepEqual([...mask], [0, 1, 1, 1]);
    assert.equal(applyBrushes(t, 2, 4, new Map([[0, { lo: 0.4, hi: 1 }], [1, { lo: 0.8, hi: 1 }]]), mask), 1);
    assert.deepEqual([...mask], [0, 1, 0, 0]);
  });

  it('never brushes a run without a value on a brushed axis', () => {
    applyBrushes(t, 2, 4, new Map([[1, { lo: 0, hi: 1 }]]), mask);
    assert.deepEqual([...mask], [1, 1, 1, 0]);
  });

  it('turns a drag into an ordered range and a click into no brush', () => {
    assert.deepEqual(brushFromDrag(0.8, 0.2, 0.01), { lo: 0.2, hi: 0.8 });
    assert.deepEqual(brushFromDrag(-0.5, 1.5, 0.01), { lo: 0, hi: 1 });
    assert.equal(brushFromDrag(0.5, 0.502, 0.01), undefined);
  });

  it('groups rows by color with a counting sort', () => {
    const { order, start } = colorBuckets(Uint16Array.of(2, 0, 2, 1, 0), 3);
    assert.deepEqual([...start], [0, 2, 3, 5]);
    assert.deepEqual([...order], [1, 4, 3, 0, 2]);
  });
});

describe('diff rows', () => {
  const rows = diffRows([
    { params: [{ key: 'lr', value: '0.1' }, { key: 'opt', value: 'adam' }], metrics: [{ key: 'loss', value: 0.25 }], tags: [{ key: 'team', value: 'a' }, { key: 'mlflow.user', value: 'x' }] },
    { params: [{ key: 'lr', value: '0.2' }, { key: 'opt', value: 'adam' }], metrics: [{ key: 'loss', value: 0.25 }], tags: [{ key: 'mlflow.user', value: 'y' }] },
  ]);

  it('lists params, metrics, user tags and system tags, marking rows that differ', () => {
    assert.deepEqual(rows.map((r) => [r.section, r.key, r.differs, r.numeric]), [
      ['params', 'lr', true, true],
      ['params', 'opt', false, false],
      ['metrics', 'loss', false, true],
      ['tags', 'team', true, false],
      ['system', 'mlflow.user', true, false],
    ]);
    assert.deepEqual(rows.find((r) => r.key === 'team')?.cells, ['a', undefined]);
    // A metric's values share their decimals, so they line up.
    const aligned = diffRows([1.5, 0.25, 12].map((value) => ({ params: [], tags: [], metrics: [{ key: 'm', value }] })));
    assert.deepEqual(aligned[0]?.cells, ['1.500', '0.250', '12.000']);
    const counts = diffRows([3, 120].map((value) => ({ params: [], tags: [], metrics: [{ key: 'm', value }] })));
    assert.deepEqual(counts[0]?.cells, ['3', '120']);
  });

  it('shows only differences and filters keys', () => {
    assert.deepEqual(visibleDiffRows(rows, true, '').map((r) => r.key), ['lr', 'team', 'mlflow.user']);
    assert.deepEqual(visibleDiffRows(rows, false, 'OS').map((r) => r.key), ['loss']);
  });
});

describe('analysis view in the URL', () => {
  it('round-trips axes with commas in keys, log axes, scatter columns and the diff toggle', () => {
    const view = { axes: ['params.a,b', 'metrics.loss'], log: new Set(['params.lr']), scatterX: 'params.lr', scatterY: 'metrics.loss', onlyDifferences: false };
    const params = writeAnalysisView(view, new URLSearchParams('runs=x,y'));
    assert.equal(params.get('runs'), 'x,y');
    assert.deepEqual(parseAnalysisView(params), view);
    const defaults = parseAnalysisView(new URLSearchParams(''));
    assert.equal(defaults.axes, undefined);
    assert.equal(defaults.onlyDifferences, true);
    assert.equal(writeAnalysisView(defaults, new URLSearchParams('')).toString(), '');
  });
});
