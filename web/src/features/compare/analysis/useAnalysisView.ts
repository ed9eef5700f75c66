import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseAnalysisView, writeAnalysisView, type AnalysisView } from './analysisView';

/** The analysis settings from the URL and a setter that changes some of them (replacing the history entry). */
export function useAnalysisView(): [AnalysisView, (changes: Partial<AnalysisView>) => void] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseAnalysisView(params), [params]);
  const update = useCallback(
    (changes: Partial<AnalysisView>) => setParams((current) => writeAnalysisView({ ...parseAnalysisView(current), ...changes }, current), { replace: true }),
    [setParams],
  );
  return [view, update];
}
