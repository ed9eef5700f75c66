// The compare page's view in the URL, so a comparison is a link: which runs (in order) and which are
// hidden. Sections add their own parameters (chart settings, axes) next to these; unknown or broken
// values fall back to defaults rather than failing the page.

export const MAX_COMPARED_RUNS = 100;

export interface CompareView {
  runIds: string[];
  hidden: Set<string>;
}

const splitIds = (text: string | null) => (text ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');

export function parseCompareView(params: URLSearchParams): CompareView {
  const runIds = [...new Set(splitIds(params.get('runs')))].slice(0, MAX_COMPARED_RUNS);
  const shown = new Set(runIds);
  return { runIds, hidden: new Set(splitIds(params.get('hide')).filter((id) => shown.has(id))) };
}

export function writeCompareView(view: CompareView, base: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  params.set('runs', view.runIds.join(','));
  const hidden = view.runIds.filter((id) => view.hidden.has(id));
  if (hidden.length > 0) params.set('hide', hidden.join(','));
  else params.delete('hide');
  return params;
}

export const compareHref = (runIds: readonly string[]) => `/compare?runs=${runIds.map(encodeURIComponent).join(',')}`;
