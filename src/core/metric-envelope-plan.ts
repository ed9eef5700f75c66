/**
 * Where an envelope's bucket edges fall, and which roll-up level can fill them.
 *
 * Roll-ups summarize a series in blocks of steps: level k's block j holds the points with
 * step in [j·w, (j+1)·w) where w = ROLLUP_BASE_WIDTH · ROLLUP_FACTOR^k. A step envelope puts
 * its bucket edges on block edges of the finest level no wider than a bucket, so every bucket
 * is a union of whole blocks and no raw point is read (the contract lets the server widen
 * buckets to its grid: the first may start before x_min, the last end after x_max). Bucket
 * widths then differ by at most one block. When a bucket is narrower than the finest block,
 * the finest blocks are the buckets if they are at least half as many as asked (fewer buckets
 * than asked, as the contract allows); else the buckets are exact and the raw points are read. Time buckets are always exact.
 */
export type MetricEnvelopeAxis = 'step' | 'timestamp';

export const ROLLUP_BASE_WIDTH = 32;
export const ROLLUP_FACTOR = 4;
export const ROLLUP_LEVELS = 13;

/** Width in steps of one block of roll-up `level` (2^(5+2·level)). */
export function rollupWidth(level: number): number {
  return ROLLUP_BASE_WIDTH * ROLLUP_FACTOR ** level;
}

/** The block of `level` that holds `step` (floor division: steps may be negative). */
export function rollupBlock(step: number, level: number): number {
  return Math.floor(step / rollupWidth(level));
}

export interface BucketPlan {
  /** n + 1 increasing integers: bucket i holds x in [edges[i], edges[i+1] - 1]. */
  edges: number[];
  /** The roll-up level whose blocks each lie inside one bucket; undefined: raw points are needed. */
  level: number | undefined;
}

function finestLevelWithin(width: number): number | undefined {
  let level: number | undefined;
  for (let k = 0; k < ROLLUP_LEVELS && rollupWidth(k) <= width; k += 1) level = k;
  return level;
}

/** `units` units of `unit` x each, starting at `start`, spread over at most `buckets` buckets. */
function spread(start: number, units: number, unit: number, buckets: number): number[] {
  const n = Math.min(buckets, units);
  const edges = new Array<number>(n + 1);
  for (let i = 0; i <= n; i += 1) edges[i] = start + Math.floor((i * units) / n) * unit;
  return edges;
}

/**
 * Raw points are read only when the finest blocks would give fewer than 1/GRID_ENOUGH of the
 * buckets asked. A chart asks for about one bucket per pixel; finest blocks down to a quarter of
 * that resolution draw a band of the same shape, and each costs one block read where raw points
 * cost 32 (the compare page's 100 series × 10,000 steps at 640 px read 1,000,000 points per chart
 * otherwise, ~3 s on SQLite, against ~0.3 s for the blocks).
 */
const GRID_ENOUGH = 4;
/** ...and only when that saves reading many points per bucket: a short series keeps its exact buckets. */
const RAW_PER_BUCKET_WORTH_A_BLOCK = 8;

/** Buckets over the integer steps [lo, hi] (lo <= hi). */
export function planStepBuckets(lo: number, hi: number, buckets: number): BucketPlan {
  let level = finestLevelWithin((hi - lo + 1) / buckets);
  const rawPerBucket = (hi - lo + 1) / buckets;
  if (level === undefined && rawPerBucket >= RAW_PER_BUCKET_WORTH_A_BLOCK && (rollupBlock(hi, 0) - rollupBlock(lo, 0) + 1) * GRID_ENOUGH >= buckets) level = 0;
  if (level === undefined) return { edges: spread(lo, hi - lo + 1, 1, buckets), level };
  const first = rollupBlock(lo, level);
  const blocks = rollupBlock(hi, level) - first + 1;
  const width = rollupWidth(level);
  return { edges: spread(first * width, blocks, width, buckets), level };
}

/** Buckets over the integer timestamps [lo, hi] (lo <= hi); never widened. */
export function planTimeBuckets(lo: number, hi: number, buckets: number): BucketPlan {
  return { edges: spread(lo, hi - lo + 1, 1, buckets), level: undefined };
}

/** The bucket holding x, or -1 outside the plan. */
export function bucketIndex(edges: readonly number[], x: number): number {
  const last = edges.length - 1;
  if (last < 1 || x < (edges[0] as number) || x >= (edges[last] as number)) return -1;
  let low = 0;
  let high = last - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((edges[mid] as number) <= x) low = mid;
    else high = mid - 1;
  }
  return low;
}
