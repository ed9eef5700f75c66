import { useEffect, useState } from 'react';
import { useDebounced } from '../../../lib/useDebounced';
import type { Smoothing } from '../../charts/state/smoothing';
import { X_KINDS, formatX } from '../../charts/state/xAxis';
import type { ChartSettings } from '../state/chartSettings';
import { MetricChooser } from './MetricChooser';

/** The metric charts' controls: x axis, y scale, smoothing, zoom (pan / reset) and which metrics. */
export function ChartToolbar({ settings, update, allKeys, chosen }: {
  settings: ChartSettings;
  update: (change: Partial<ChartSettings>) => void;
  allKeys: string[];
  chosen: string[];
}) {
  const { zoom } = settings;
  const pan = (direction: -1 | 1) => {
    if (zoom === undefined) return;
    const shift = ((zoom[1] - zoom[0]) / 2) * direction;
    update({ zoom: [zoom[0] + shift, zoom[1] + shift] });
  };
  return (
    <div className="chart-toolbar" role="toolbar" aria-label="Chart settings">
      <div className="group">
        <span className="muted">X axis</span>
        <div className="segmented">
          {X_KINDS.map(({ kind, label }) => (
            <button key={kind} className="small" aria-pressed={settings.xKind === kind} onClick={() => update({ xKind: kind, zoom: undefined })}>{label}</button>
          ))}
        </div>
      </div>
      <label className="group">
        <input type="checkbox" checked={settings.logY} onChange={(e) => update({ logY: e.target.checked })} /> Log y
      </label>
      <SmoothingControl smoothing={settings.smoothing} onChange={(smoothing) => update({ smoothing })} />
      <div className="group" data-testid="zoom-state">
        {zoom === undefined ? (
          <span className="faint">Drag across a chart to zoom</span>
        ) : (
          <>
            <button className="small" aria-label="Pan left" onClick={() => pan(-1)}>←</button>
            <span className="num muted">{formatX(settings.xKind, zoom[0])} – {formatX(settings.xKind, zoom[1])}</span>
            <button className="small" aria-label="Pan right" onClick={() => pan(1)}>→</button>
            <button className="small" onClick={() => update({ zoom: undefined })}>Reset zoom</button>
          </>
        )}
      </div>
      {allKeys.length > chosen.length || settings.metrics.length > 0 ? (
        <MetricChooser allKeys={allKeys} chosen={chosen} onChange={(metrics) => update({ metrics })} />
      ) : null}
    </div>
  );
}

/** None / EMA (weight slider, as TensorBoard and W&B) / running mean (window slider); debounced into the URL. */
function SmoothingControl({ smoothing, onChange }: { smoothing: Smoothing; onChange: (s: Smoothing) => void }) {
  const [draft, setDraft] = useState(smoothing);
  const settled = useDebounced(draft, 150);
  useEffect(() => setDraft(smoothing), [smoothing]);
  useEffect(() => {
    if (JSON.stringify(settled) !== JSON.stringify(smoothing)) onChange(settled);
    // Only a settled draft writes the URL; smoothing coming from the URL only resets the draft.
  }, [settled]);
  return (
    <div className="group">
      <label className="group">
        <span className="muted">Smoothing</span>
        <select
          value={draft.kind}
          onChange={(e) => setDraft(e.target.value === 'ema' ? { kind: 'ema', weight: 0.6 } : e.target.value === 'mean' ? { kind: 'mean', window: 10 } : { kind: 'none' })}
        >
          <option value="none">None</option>
          <option value="ema">EMA</option>
          <option value="mean">Running mean</option>
        </select>
      </label>
      {draft.kind === 'ema' && (
        <label className="group">
          <input type="range" min={0} max={0.99} step={0.01} value={draft.weight} aria-label="EMA weight" onChange={(e) => setDraft({ kind: 'ema', weight: Number(e.target.value) })} />
          <span className="num" style={{ width: 32 }}>{draft.weight.toFixed(2)}</span>
        </label>
      )}
      {draft.kind === 'mean' && (
        <label className="group">
          <input type="range" min={1} max={100} step={1} value={draft.window} aria-label="Running mean window" onChange={(e) => setDraft({ kind: 'mean', window: Number(e.target.value) })} />
          <span className="num" style={{ width: 32 }}>{draft.window}</span>
        </label>
      )}
    </div>
  );
}
