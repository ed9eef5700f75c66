import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import type { XRange } from '../../charts/state/xAxis';
import { parseChartSettings, writeChartSettings, type ChartSettings } from '../state/chartSettings';
import type { CompareSectionProps } from '../state/compareRun';
import { ChartToolbar } from './ChartToolbar';
import { CompareMetricChart } from './CompareMetricChart';

/** Past this many metric keys the page shows a chooser instead of a chart per key. */
export const MAX_DEFAULT_CHARTS = 20;

/** One chart per metric key of the shown runs, runs overlaid in their colors; settings in the URL. */
export function CompareCharts({ runs, visible }: CompareSectionProps) {
  const [params, setParams] = useSearchParams();
  const settings = useMemo(() => parseChartSettings(params), [params]);
  const update = useCallback(
    (change: Partial<ChartSettings>) => setParams((current) => writeChartSettings({ ...parseChartSettings(current), ...change }, current), { replace: true }),
    [setParams],
  );
  const onZoom = useCallback((zoom: XRange | undefined) => update({ zoom }), [update]);

  const allKeys = useMemo(() => [...new Set(visible.flatMap((r) => (r.run.data.metrics ?? []).map((m) => m.key)))].sort(), [visible]);
  const chosen = useMemo(() => {
    const known = settings.metrics.filter((k) => allKeys.includes(k));
    return known.length > 0 ? known : allKeys.slice(0, MAX_DEFAULT_CHARTS);
  }, [allKeys, settings.metrics]);
  // Every compared run is fetched (hiding one then costs no request); only the shown ones are drawn.
  const live = runs.some((r) => r.run.info.status === 'RUNNING');

  if (visible.length === 0) return <EmptyState title="Every run is hidden">Click a run's swatch in the legend to show it.</EmptyState>;
  if (allKeys.length === 0) return <EmptyState title="No metrics logged">None of the shown runs has logged a metric yet.</EmptyState>;
  return (
    <div data-testid="compare-charts">
      <ChartToolbar settings={settings} update={update} allKeys={allKeys} chosen={chosen} />
      <div className="compare-charts-grid">
        {chosen.map((key) => (
          <CompareMetricChart key={key} metricKey={key} runs={runs} visible={visible} settings={settings} onZoom={onZoom} live={live} />
        ))}
      </div>
    </div>
  );
}
