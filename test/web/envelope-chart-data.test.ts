// The metric charts' pure data path: the server's envelope → columns → one x array for uPlot,
// and the smoothing applied to the line (never to the min–max band).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricEnvelopeSeriesWire } from '../../src/client/browser.js';
import { extremes, lineColumns, toChartData } from '../../web/src/features/charts/state/chartData.js';
import { alignEnvelopes, fromEnvelopeWire, valueNear } from '../../web/src/features/charts/state/envelope.js';
import { ema, runningMean, smooth } from '../../web/src/features/charts/state/smoothing.js';
import { bucketsPerLine, bucketsWithoutWidth, CHART_BUCKET_BUDGET, requestGroups } from '../../web/src/features/charts/api/envelopeRequests.js';
import { formatSeconds } from '../../web/src/features/charts/state/xAxis.js';

function wire(runId: string, points: Array<[x: number, min: number | null, max: number | null, last: number | 'NaN']>, extra: Partial<MetricEnvelopeSeriesWire> = {}): MetricEnvelopeSeriesWire {
  return {
    run_id: runId,
    metric_key: 'loss',
    count: points.length,
    x_extent: points.length > 0 ? { min: points[0]?.[0] ?? 0, max: points[points.length - 1]?.[0] ?? 0 } : undefined,
    buckets: {
      x_start: points.map((p) => p[0]),
      x_end: points.map((p) => p[0]),
      count: points.map(() => 1),
      nan_count: points.map((p) => (p[3] === 'NaN' ? 1 : 0)),
      min: points.map((p) => p[1]),
      max: points.map((p) => p[2]),
      first: points.map((p) => p[3]),
      last: points.map((p) => p[3]),
      first_x: points.map((p) => p[0]),
      last_x: points.map((p) => p[0]),
    },
    ...extra,
  };
}

describe('envelope to uPlot columns', () => {
  it('reads wire doubles (NaN strings, null min/max) and moves x into chart units', () => {
    const e = fromEnvelopeWire(wire('a', [[1000, 1, 2, 1.5], [3000, null, null, 'NaN']]), { offset: 1000, scale: 1000 });
    assert.deepEqual([...e.x], [0, 2]);
    assert.deepEqual([...e.max], [2, Number.NaN]);
    assert.ok(Number.isNaN(e.last[1]));
    assert.equal(e.nanCount, 1);
    assert.deepEqual(e.extent, { min: 0, max: 2 });
  });

  it('reads an envelope sent with only the chart fields', () => {
    const { x_start: _start, x_end: _end, count: _count, first: _first, first_x: _firstX, ...drawn } = wire('a', [[1000, 1, 2, 1.5], [3000, 0, 4, 3]]).buckets;
    const e = fromEnvelopeWire({ ...wire('a', []), buckets: drawn, count: 2 });
    assert.deepEqual([...e.x], [1000, 3000]);
    assert.deepEqual([...e.min], [1, 0]);
    assert.deepEqual([...e.last], [1.5, 3]);
  });

  it('keeps exact x when runs share bucket positions, with gaps where a run has no bucket', () => {
    const a = fromEnvelopeWire(wire('a', [[0, 1, 3, 2], [1, 0, 4, 1], [2, 1, 1, 1]]));
    const b = fromEnvelopeWire(wire('b', [[1, 5, 6, 5]]));
    const aligned = alignEnvelopes([a, b], 100);
    assert.equal(aligned.snapped, false);
    assert.deepEqual(aligned.x, [0, 1, 2]);
    assert.deepEqual(aligned.series[0]?.max, [3, 4, 1]);
    assert.deepEqual(aligned.series[1]?.last, [null, 5, null]);
  });

  it('snaps many distinct x to a grid without losing a spike, and compacts empty cells', () => {
    // 2 runs × 500 buckets at offset positions = 1,000 distinct x for 10 cells.
    const a = fromEnvelopeWire(wire('a', Array.from({ length: 500 }, (_, i) => [i * 2, 0, i === 137 ? 1e6 : 1, 0.5] as [number, number, number, number])));
    const b = fromEnvelopeWire(wire('b', Array.from({ length: 500 }, (_, i) => [i * 2 + 1, -1, 0, -0.5] as [number, number, number, number])));
    const aligned = alignEnvelopes([a, b], 10);
    assert.equal(aligned.snapped, true);
    assert.equal(aligned.x.length, 10);
    assert.equal(Math.max(...aligned.series[0]!.max.map((v) => v ?? -Infinity)), 1e6);
    assert.deepEqual(aligned.series[1]!.min, new Array(10).fill(-1));
  });

  it('drops non-positive values on a log scale and non-finite ones always', () => {
    const e = fromEnvelopeWire(wire('a', [[0, -1, 2, 0], [1, 1, 'Infinity' as unknown as number, 3]]));
    const aligned = alignEnvelopes([e], 10, true);
    assert.deepEqual(aligned.series[0]?.min, [null, 1]);
    assert.deepEqual(aligned.series[0]?.max, [2, null]);
    assert.deepEqual(aligned.series[0]?.last, [null, 3]);
  });

  it('builds [x, y top, y bottom, then max, min, line per line] in the lines’ order, smoothing only the line, and reports y max', () => {
    const a = fromEnvelopeWire(wire('a', [[0, 0, 10, 0], [1, 0, 10, 10]]));
    const data = toChartData(['missing', 'a'], [a], 100, { kind: 'ema', weight: 0.5 }, false);
    assert.equal(data.columns.length, 3 + 2 * 3);
    assert.deepEqual(lineColumns(1), { max: 6, min: 7, line: 8 });
    assert.deepEqual(data.columns[lineColumns(0).max], [null, null]);
    assert.deepEqual(data.columns[lineColumns(1).max], [10, 10]);
    assert.deepEqual(data.columns[lineColumns(1).line], [0, (0.5 * 10) / (1 - 0.25)]);
    assert.equal(data.yMax, 10);
    assert.equal(data.drawnLines, 1);
    assert.equal(data.buckets, 2);
  });

  it('gives uPlot the highest and lowest value of any band or line at each x, so the y scale fits them all', () => {
    // b's smoothed line dips under every band at x 1 (debiased EMA of −3 and 10 at 0.9: ≈ 3.84).
    const a = fromEnvelopeWire(wire('a', [[0, 4, 5, 4], [1, 4, 50, 5], [2, 4, 5, 5]]));
    const b = fromEnvelopeWire(wire('b', [[0, -3, 0, -3], [1, 5, 10, 10]]));
    const data = toChartData(['a', 'b'], [a, b], 100, { kind: 'ema', weight: 0.9 }, false);
    const dip = data.lines[1]?.[1] ?? Number.NaN;
    assert.ok(dip < 4, `b’s line at x 1: ${dip}`);
    assert.deepEqual(data.columns[1], [5, 50, 5], 'top: the spike in a’s band at x 1');
    assert.deepEqual(data.columns[2], [-3, dip, 4], 'bottom: b’s band at x 0, b’s line at x 1, a’s band at x 2 (b has no bucket there)');
    assert.deepEqual(extremes(2, [[null, 4], [null, null]]), { hi: [null, 4], lo: [null, 4] }, 'all gaps stay a gap');
  });

  it('finds the nearest value for hover across gaps', () => {
    assert.equal(valueNear([null, null, 3, null], 0), 3);
    assert.equal(valueNear([1, null, null, null], 3), 1);
    assert.equal(valueNear([null, null], 1, 4), null);
  });
});

describe('smoothing', () => {
  it('EMA is debiased (no pull toward zero at the start) and skips gaps', () => {
    assert.deepEqual(ema([5, 5, 5], 0.9).map((v) => Number(v?.toFixed(10))), [5, 5, 5]);
    const out = ema([0, null, 10], 0.5);
    assert.equal(out[1], null);
    assert.equal(out[2], (0.5 * 0.5 * 0 + 0.5 * 10) / 0.75);
    assert.deepEqual(ema([1, 2, 3], 0), [1, 2, 3]);
  });

  it('running mean averages the trailing window of non-gap values', () => {
    assert.deepEqual(runningMean([2, 4, null, 6, 8], 2), [2, 3, null, 5, 7]);
    assert.deepEqual(smooth([1, 2], { kind: 'none' }), [1, 2]);
  });
});

describe('envelope requests', () => {
  const series = (starts: number[]) => starts.map((startMs, i) => ({ runId: `r${i}`, metricKey: 'loss', startMs }));
  it('asks once per chart for step and wall time, widening step windows to whole steps', () => {
    const groups = requestGroups({ series: series([0, 5_000_000]), xKind: 'step', range: [10.5, 20.2], buckets: 400 });
    assert.equal(groups.length, 1);
    assert.deepEqual({ ...groups[0]?.request, series: undefined }, {
      series: undefined, x_axis: 'step', x_min: 10, x_max: 21, buckets: 400,
      // Only the columns a chart draws.
      fields: ['nan_count', 'min', 'max', 'last', 'last_x'],
    });
    const time = requestGroups({ series: series([0, 1]), xKind: 'time', range: [100, 200], buckets: 400 });
    assert.equal(time[0]?.request.x_min, 100_000);
  });

  it('gives each line a bucket per pixel until the chart holds many lines, then a share of the budget', () => {
    assert.equal(bucketsPerLine(680, 1), 680);
    assert.equal(bucketsPerLine(680, 3), 680);
    assert.equal(bucketsPerLine(680, 20), 350);
    assert.equal(bucketsPerLine(680, 100), 70);
    assert.ok(bucketsPerLine(680, 100) * 100 <= CHART_BUCKET_BUDGET);
    assert.equal(bucketsPerLine(680, 100_000), 1);
  });

  it('knows the buckets before the width only when the lines share the budget below the narrowest chart’s pixels', () => {
    assert.equal(bucketsWithoutWidth(100, 450), 70, '100 runs: 70 each, whatever the width from 450 px');
    for (const width of [450, 650, 1400]) assert.equal(bucketsPerLine(width, 100), 70);
    assert.equal(bucketsWithoutWidth(3, 450), undefined, '3 runs: a bucket per pixel, so the width decides');
    assert.equal(bucketsWithoutWidth(Math.ceil(CHART_BUCKET_BUDGET / 450), 450), 437);
    assert.equal(bucketsWithoutWidth(Math.floor(CHART_BUCKET_BUDGET / 450), 450), undefined, '15 lines: 466 each, more than 450 px');
  });

  it('groups a zoomed relative-time window by run start so far-apart runs get their own window', () => {
    const groups = requestGroups({ series: series([0, 5_000, 3_600_000]), xKind: 'relative', range: [0, 10], buckets: 100 });
    assert.equal(groups.length, 2);
    assert.deepEqual(groups[0]?.request.series.map((s) => s.run_id), ['r0', 'r1']);
    assert.deepEqual([groups[0]?.request.x_min, groups[0]?.request.x_max, groups[0]?.request.buckets], [0, 15_000, 150]);
    assert.deepEqual([groups[1]?.request.x_min, groups[1]?.request.x_max], [3_600_000, 3_610_000]);
  });
});

describe('relative-time labels', () => {
  it('reads as durations, round ticks without zero parts', () => {
    assert.deepEqual([12.5, 300, 305, 7200, 7260, 172800, -90].map(formatSeconds), ['12.5s', '5m', '5m 05s', '2h', '2h 01m', '2d', '−1m 30s']);
  });
});
