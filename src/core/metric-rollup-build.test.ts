import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLLUP_LEVELS } from './metric-envelope-plan.js';
import {
  chunkStaleBlocks, compactedTop, deriveLevel, keptChildren, Level0Builder, parentBlocks, rebuildLevels, rebuiltTop, singleBlockLevel, staleBlocks,
} from './metric-rollup-build.js';
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

  it('stores a series up to the lowest level where it fits in one block', () => {
    assert.equal(singleBlockLevel(3, 3), 0, 'one block: level 0 says it all');
    assert.equal(singleBlockLevel(0, 3), 1);
    assert.equal(singleBlockLevel(3, 4), 2, 'neighbours across a level-1 edge meet on level 2');
    assert.equal(singleBlockLevel(0, 312), 5, '10,000 steps: 313 blocks, one block of 1,024 on level 5');
    assert.equal(singleBlockLevel(-1, 0), ROLLUP_LEVELS - 1, 'either side of 0: never one block');
    const block = (b: number): RollupBlock => ({ block: b, summary: summarizePoints([point(b * 32, b)]) });
    assert.equal(rebuiltTop(undefined, [block(0)], ROLLUP_LEVELS), 0);
    assert.equal(rebuiltTop(undefined, [block(0), block(312)], ROLLUP_LEVELS), 5);
    assert.equal(rebuiltTop(undefined, [block(0), block(312)], 3), 2, 'not above the levels a chunk builds');
    assert.equal(rebuiltTop({ level: 2, blocks: [{ block: 0, summary: summarizePoints([point(0, 1)]) }] }, [block(1000)], ROLLUP_LEVELS), 5, 'grows with what is stored');
    assert.equal(rebuiltTop({ level: ROLLUP_LEVELS - 1, blocks: [block(0)] }, [block(1)], ROLLUP_LEVELS), ROLLUP_LEVELS - 1, 'never falls');
  });

  it('derives a level above the stored top exactly as rebuilding it would', () => {
    const builder = new Level0Builder();
    const points = [point(1, 5), point(40, -2), point(300, 9), point(5000, 1)];
    for (const p of points) builder.add(p);
    const levels = rebuildLevels(builder.result(), new Map());
    for (let level = 1; level < ROLLUP_LEVELS; level += 1) assert.deepEqual(deriveLevel(levels[1] as RollupBlock[], 1, level), levels[level]);
    assert.deepEqual(deriveLevel(levels[3] as RollupBlock[], 3, 3), levels[3]);
  });

  it('cuts a series stored on every level down to where it fits in one block, and only such a series', () => {
    const top = (steps: number[], level = ROLLUP_LEVELS - 1) => ({ level, blocks: [{ block: 0, summary: summarizePoints(steps.map((step) => point(step, 1))) }] });
    assert.equal(compactedTop(top([7])), 0);
    assert.equal(compactedTop(top([0, 9_999])), 5);
    assert.equal(compactedTop(top([-5, 5])), undefined, 'either side of 0: never one block below the top');
    assert.equal(compactedTop(top([0, 10], 3)), undefined, 'already stored up to its top');
    assert.equal(compactedTop({ level: ROLLUP_LEVELS - 1, blocks: [...top([0]).blocks, { block: 1, summary: summarizePoints([point(2 ** 40, 1)]) }] }), undefined, 'several top blocks');
  });
});
