import type { XKind, XRange } from '../state/xAxis';

export const chartKeys = {
  all: ['charts'] as const,
  /** Series sorted so the same set of runs shares a cache entry whatever their order. */
  envelope: (series: readonly string[], xKind: XKind, range: XRange | undefined, buckets: number) =>
    [...chartKeys.all, 'envelope', [...series].sort(), xKind, range ? [range[0], range[1]] : 'all', buckets] as const,
};
