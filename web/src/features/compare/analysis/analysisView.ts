// The analysis sections' settings in the URL, next to the compare page's `runs`/`hide` (and the
// experiment page's view): chosen axes in order, log axes, the scatter's two columns and the diff
// table's "only differences". Absent means the default; unknown ids are dropped when the columns load.

export interface AnalysisView {
  /** Parallel coordinates axes (column ids, in order); undefined = the default choice. */
  axes: string[] | undefined;
  /** Column ids drawn on a log axis (in either plot). */
  log: Set<string>;
  scatterX: string | undefined;
  scatterY: string | undefined;
  /** The diff table's toggle; on unless `diff=all`. */
  onlyDifferences: boolean;
}

const list = (text: string | null) => (text ?? '').split(',').map(decodeURIComponent).filter((s) => s !== '');
const join = (ids: Iterable<string>) => [...ids].map(encodeURIComponent).join(',');

export function parseAnalysisView(params: URLSearchParams): AnalysisView {
  const axes = params.get('pc');
  return {
    axes: axes === null ? undefined : list(axes),
    log: new Set(list(params.get('log'))),
    scatterX: params.get('sx') ?? undefined,
    scatterY: params.get('sy') ?? undefined,
    onlyDifferences: params.get('diff') !== 'all',
  };
}

export function writeAnalysisView(view: AnalysisView, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  const set = (name: string, value: string | undefined) => (value === undefined || value === '' ? next.delete(name) : next.set(name, value));
  if (view.axes === undefined) next.delete('pc');
  else next.set('pc', join(view.axes));
  set('log', join(view.log));
  set('sx', view.scatterX);
  set('sy', view.scatterY);
  set('diff', view.onlyDifferences ? undefined : 'all');
  return next;
}
