import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketIndex, planStepBuckets, planTimeBuckets, rollupBlock, rollupWidth } from './metric-envelope-plan.js';

describe('metric envelope plan', () => {
  it('puts step buckets on block edges of the finest level no wider than a bucket, at most as many as asked', () => {
    // 1,000 steps in 10 buckets: 100 steps each → level 0 (32 steps), 32 blocks spread 3 or 4 per bucket.
    const plan = planStepBuckets(0, 999, 10);
    assert.equal(plan.level, 0);
    assert.deepEqual(plan.edges, [0, 96, 192, 288, 384, 512, 608, 704, 800, 896, 1024]);
    // 10,000,000 steps in 1,000 buckets: 10,000 steps each → level 4 (8,192 steps), 1 or 2 blocks each.
    const long = planStepBuckets(0, 9_999_999, 1000);
    assert.equal(long.level, 4);
    assert.equal(long.edges.length, 1001);
    assert.ok(long.edges.every((e) => e % rollupWidth(4) === 0));
  });

  it('widens the range to whole blocks, negative steps included', () => {
    const plan = planStepBuckets(-70, 70, 2);
    assert.equal(plan.level, 0);
    assert.deepEqual(plan.edges, [-96, 0, 96]);
    assert.equal(rollupBlock(-1, 0), -1);
    assert.equal(rollupBlock(-32, 0), -1);
    assert.equal(rollupBlock(-33, 0), -2);
  });

  it('buckets exactly from raw points when a bucket is narrower than the finest block', () => {
    const plan = planStepBuckets(5, 14, 4);
    assert.equal(plan.level, undefined);
    assert.deepEqual(plan.edges, [5, 7, 10, 12, 15]);
    assert.deepEqual(planStepBuckets(3, 3, 1000).edges, [3, 4]);
    // 1,000 steps in 200 buckets: the 32 finest blocks would be under a quarter of them.
    assert.equal(planStepBuckets(0, 999, 200).level, undefined);
  });

  it('takes the finest blocks as buckets when they are at least a quarter as many as asked (a chart wider than the series)', () => {
    // 10,000 steps at 640 px: 313 blocks of 32 steps instead of 10,000 raw points.
    const plan = planStepBuckets(0, 9_999, 640);
    assert.equal(plan.level, 0);
    assert.equal(plan.edges.length, 314);
    assert.equal(planStepBuckets(0, 9_999, 1_253).level, undefined);
  });

  it('keeps time buckets within the range asked for, never more buckets than milliseconds', () => {
    assert.deepEqual(planTimeBuckets(1000, 1999, 4).edges, [1000, 1250, 1500, 1750, 2000]);
    assert.deepEqual(planTimeBuckets(7, 8, 100).edges, [7, 8, 9]);
  });

  it('finds the bucket of x, or -1 outside', () => {
    const edges = [0, 10, 20, 35];
    assert.deepEqual([-1, 0, 9, 10, 34, 35].map((x) => bucketIndex(edges, x)), [-1, 0, 0, 1, 2, -1]);
  });

  it('stays exact for steps near 2^53', () => {
    const hi = Number.MAX_SAFE_INTEGER;
    const plan = planStepBuckets(0, hi, 1000);
    assert.equal(plan.level, 12);
    assert.ok((plan.edges[plan.edges.length - 1] as number) > hi);
    assert.equal(bucketIndex(plan.edges, hi), 999);
  });
});
