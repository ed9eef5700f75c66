import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLLUP_LEVELS } from './metric-envelope-plan.js';
import { chunkStaleBlocks, keptChildren, Level0Builder, parentBlocks, rebuildLevels, staleBlocks } from './metric-rollup-build.js';
import { mergeSummaries, summarizePoints, type SummaryPoint } from './metric-summary.js';
import type { RollupBlock } from './ports/metric-rollup-repository.js';

const point = (step: number, value: number, timestamp = step): SummaryPoint => ({ step, timestamp, value });

describe('metric roll-up rebuild', () => {
  it('names the stale blocks of every level, and the kept children that stale parents are built from', () => {
    const stale = staleBlocks(100, 200);
    assert.equal(stale.length, ROLLUP_LEVELS);
    assert.deepEqual(stale.slice(0, 3), [[3, 6], [0, 1], [0, 0]]);
    // Level 0: parents 0..1 cover blocks 0..7; 3..6 are rebuilt, 0..2 and 7 are read back.
    assert.deepEqual(keptChildren(stale)[0], { level: 0, ranges: [[0, 2], [7, 7]] });
  });

  it('skips, in a chunk of a longer rebuild, the levels whose one stale block holds the next dirty step', () => {
    // Steps 0..4095 rebuilt, 4096 still dirty: 4096 starts a block up to level 6 (width 131,072 holds both).
    const stale = chunkStaleBlocks(0, 4095);
    assert.deepEqual(stale, [[0, 127], [0, 31], [0, 7], [0, 1]]);
    // Mid-block end: level 0's block holding the end also holds end + 1, yet level 0 is always built.
    assert.deepEqual(chunkStaleBlocks(10, 20), [[0, 0]]);
    // Nothing after the end shares a block: every level.
    assert.equal(chunkStaleBlocks(0, 2 ** 40 - 1).length, ROLLUP_LEVELS);
  });

  it('builds level 0 from points in step order and every level above from the one below', () => {
    const builder = new Level0Builder();
    const points = [point(0, 1), point(5, Number.NaN), point(31, 4), point(32, -Infinity), point(200, 2)];
    for (const p of points) builder.add(p);
    const level0 = builder.result();
    assert.deepEqual(level0.map((b) => [b.block, b.summary.count]), [[0, 3], [1, 1], [6, 1]]);
    const levels = rebuildLevels(level0, new Map());
    assert.deepEqual(levels[1]?.map((b) => [b.block, b.summary.count]), [[0, 4], [1, 1]]);
    const top = levels[ROLLUP_LEVELS - 1] as RollupBlock[];
    assert.equal(top.length, 1);
    assert.deepEqual(top[0]?.summary, summarizePoints(points));
  });

  it('merges kept children with rebuilt ones, as if every block had been rebuilt', () => {
    const kept: RollupBlock = { block: 0, summary: summarizePoints([point(1, 10)]) };
    const rebuilt: RollupBlock = { block: 2, summary: summarizePoints([point(70, -3)]) };
    const [parent] = parentBlocks([kept, rebuilt]);
    assert.deepEqual(parent, { block: 0, summary: mergeSummaries(kept.summary, rebuilt.summary) });
    assert.equal(rebuildLevels([rebuilt], new Map([[0, [kept]]]))[1]?.[0]?.summary.count, 2);
  });
});
