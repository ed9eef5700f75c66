/**
 * Rebuilding roll-ups after new points (pure: the store reads and writes). Points logged with
 * steps in [from, to] make stale the blocks holding those steps on every level: `staleBlocks`
 * names them. Level 0 is rebuilt from raw points; each level above from the level below, for
 * which the stale blocks' children outside the stale range (`keptChildren`, at most
 * ROLLUP_FACTOR − 1 on each side) are read back as stored.
 */
import { ROLLUP_FACTOR, ROLLUP_LEVELS, rollupBlock, rollupWidth } from './metric-envelope-plan.js';
import { addPoint, mergeSummaries, summarizePoint, type SummaryPoint } from './metric-summary.js';
import type { IndexRange, RollupBlock, StoredTop } from './ports/metric-rollup-repository.js';

/** Per level (index = level), the inclusive block range made stale by points with steps in [from, to]. */
export function staleBlocks(from: number, to: number): IndexRange[] {
  const ranges: IndexRange[] = [[rollupBlock(from, 0), rollupBlock(to, 0)]];
  for (let level = 1; level < ROLLUP_LEVELS; level += 1) {
    const [below0, below1] = ranges[level - 1] as IndexRange;
    ranges.push([Math.floor(below0 / ROLLUP_FACTOR), Math.floor(below1 / ROLLUP_FACTOR)]);
  }
  return ranges;
}

/** Per level below the top, the stored blocks (not stale) that stale blocks one level up are built from. */
export function keptChildren(stale: readonly IndexRange[]): Array<{ level: number; ranges: IndexRange[] }> {
  const out: Array<{ level: number; ranges: IndexRange[] }> = [];
  for (let level = 0; level < stale.length - 1; level += 1) {
    const [from, to] = stale[level] as IndexRange;
    const [parentFrom, parentTo] = stale[level + 1] as IndexRange;
    const ranges: IndexRange[] = [];
    if (parentFrom * ROLLUP_FACTOR < from) ranges.push([parentFrom * ROLLUP_FACTOR, from - 1]);
    if (parentTo * ROLLUP_FACTOR + ROLLUP_FACTOR - 1 > to) ranges.push([to + 1, parentTo * ROLLUP_FACTOR + ROLLUP_FACTOR - 1]);
    if (ranges.length > 0) out.push({ level, ranges });
  }
  return out;
}

/**
 * Adds points (in step order) to level-0 blocks. Kept as a builder so a long series can be
 * read in pages: a block whose points span two pages keeps growing.
 */
export class Level0Builder {
  private readonly blocks: RollupBlock[] = [];

  add(point: SummaryPoint): void {
    const block = rollupBlock(point.step, 0);
    const last = this.blocks[this.blocks.length - 1];
    if (last !== undefined && last.block === block) addPoint(last.summary, point);
    else this.blocks.push({ block, summary: summarizePoint(point) });
  }

  result(): RollupBlock[] {
    return this.blocks;
  }
}

/** Parent blocks of `children` (sorted by block), one level up. */
export function parentBlocks(children: readonly RollupBlock[]): RollupBlock[] {
  const parents: RollupBlock[] = [];
  for (const child of children) {
    const block = Math.floor(child.block / ROLLUP_FACTOR);
    const last = parents[parents.length - 1];
    if (last !== undefined && last.block === block) last.summary = mergeSummaries(last.summary, child.summary);
    else parents.push({ block, summary: child.summary });
  }
  return parents;
}

/** Merges two lists sorted by block with no block in both. */
export function mergeByBlock(a: readonly RollupBlock[], b: readonly RollupBlock[]): RollupBlock[] {
  const out: RollupBlock[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.block < y.block)) {
      out.push(x as RollupBlock);
      i += 1;
    } else {
      out.push(y);
      j += 1;
    }
  }
  return out;
}

/**
 * Every level's rebuilt blocks, from the rebuilt level-0 blocks and the kept children read
 * back per level (`kept[level]`, sorted by block), for the levels below `levelCount`.
 */
export function rebuildLevels(level0: RollupBlock[], kept: ReadonlyMap<number, RollupBlock[]>, levelCount = ROLLUP_LEVELS): RollupBlock[][] {
  const levels: RollupBlock[][] = [level0];
  for (let level = 1; level < levelCount; level += 1) {
    const below = mergeByBlock(levels[level - 1] as RollupBlock[], kept.get(level - 1) ?? []);
    levels.push(parentBlocks(below));
  }
  return levels;
}

/** The step range of level-0 blocks [from, to]. */
export function level0Steps([from, to]: IndexRange): IndexRange {
  const width = rollupWidth(0);
  return [from * width, to * width + width - 1];
}

/**
 * The stale blocks a chunk of a longer rebuild must build: steps [from, end] were rebuilt and
 * `end + 1` is still dirty. From the first level whose only stale block also holds `end + 1`,
 * every level's stale block holds it too: they stay stale (the range left dirty names them) and
 * the chunk that reaches their last step builds them, so this chunk skips those levels.
 */
export function chunkStaleBlocks(from: number, end: number): IndexRange[] {
  const stale = staleBlocks(from, end);
  const skipFrom = stale.findIndex(([a, b], level) => a === b && a === rollupBlock(end + 1, level));
  return skipFrom < 0 ? stale : stale.slice(0, Math.max(1, skipFrom));
}

/**
 * The lowest level at which level-0 blocks [first, last] fall in one block (the top level if
 * none does). A series is stored up to that level only: above it every level holds that one
 * block again, 13 rows for a one-point series where one says it all.
 */
export function singleBlockLevel(first: number, last: number): number {
  let level = 0;
  while (level < ROLLUP_LEVELS - 1 && Math.floor(first / ROLLUP_FACTOR ** level) !== Math.floor(last / ROLLUP_FACTOR ** level)) level += 1;
  return level;
}

/** The blocks of level `to` made from a series' blocks of level `from` (sorted, from ≤ to). */
export function deriveLevel(blocks: readonly RollupBlock[], from: number, to: number): RollupBlock[] {
  let derived = blocks as RollupBlock[];
  for (let level = from; level < to; level += 1) derived = parentBlocks(derived);
  return derived;
}

/**
 * How high a rebuild stores a series. Levels above the stored top are never stored: they are
 * derived from it (`deriveLevel`), exactly, since a level is always its children merged. A
 * series grows (points are never removed), so its top only rises: to the level where the whole
 * series (its stored top and the rebuilt level-0 blocks) fits in one block, but not above the
 * levels this rebuild builds (`built`: a chunk of a longer rebuild builds fewer; the next raises
 * it). Series stored before tops existed keep all their levels (top = the top level).
 */
export function rebuiltTop(top: StoredTop | undefined, level0: readonly RollupBlock[], built: number): number {
  const firsts: number[] = [];
  const lasts: number[] = [];
  const rebuiltFirst = level0[0];
  const rebuiltLast = level0[level0.length - 1];
  if (rebuiltFirst !== undefined && rebuiltLast !== undefined) {
    firsts.push(rebuiltFirst.block);
    lasts.push(rebuiltLast.block);
  }
  const topFirst = top?.blocks[0];
  const topLast = top?.blocks[top.blocks.length - 1];
  if (top !== undefined && topFirst !== undefined && topLast !== undefined) {
    // The level-0 blocks a top block spans: its ancestors from the top level up are the same as theirs.
    const width = ROLLUP_FACTOR ** top.level;
    firsts.push(topFirst.block * width);
    lasts.push(topLast.block * width + width - 1);
  }
  const fits = firsts.length === 0 ? 0 : singleBlockLevel(Math.min(...firsts), Math.max(...lasts));
  return Math.max(top?.level ?? 0, Math.min(fits, built - 1));
}

/**
 * The level a series stored on every level (by versions before stored tops) can be cut down to:
 * the one where its whole step range fits in one block, from its top-level summary; undefined when
 * nothing can go (several top blocks, or it fits nowhere lower).
 */
export function compactedTop(top: StoredTop): number | undefined {
  const only = top.blocks[0];
  if (top.level !== ROLLUP_LEVELS - 1 || only === undefined || top.blocks.length !== 1) return undefined;
  const level = singleBlockLevel(rollupBlock(only.summary.stepFirst.step, 0), rollupBlock(only.summary.stepLast.step, 0));
  return level < top.level ? level : undefined;
}
