import { formatMetric } from '../../../lib/format';
import type { ChartData } from '../state/chartData';
import { valueNear } from '../state/envelope';
import { formatX, type XKind } from '../state/xAxis';
import type { ChartLine } from './envelopeOptions';

export interface Hover {
  idx: number;
  left: number;
  top: number;
}

const MAX_ROWS = 14;

/** Every shown line's value at the hovered x, highest first, numbers aligned; beside the cursor. */
export function HoverPanel({ hover, lines, data, xKind }: { hover: Hover; lines: readonly ChartLine[]; data: ChartData; xKind: XKind }) {
  const x = data.aligned.x[hover.idx];
  if (x === undefined) return null;
  const rows = lines
    .map((line, i) => ({ line, value: valueNear(data.lines[i] ?? [], hover.idx) }))
    .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  const shown = rows.slice(0, MAX_ROWS);
  // Left of the cursor on the chart's right half so the panel never leaves the chart.
  const flip = hover.left > 260;
  return (
    <div className="hover-panel" data-testid="chart-hover" style={{ top: 6, left: flip ? undefined : hover.left + 70, right: flip ? `calc(100% - ${hover.left + 50}px)` : undefined }}>
      <div className="hover-x num">{formatX(xKind, x)}{data.aligned.snapped ? ' ≈' : ''}</div>
      <table>
        <tbody>
          {shown.map(({ line, value }) => (
            <tr key={line.id}>
              <td><span className="hover-swatch" style={{ background: line.color }} /></td>
              <td className="hover-label">{line.label}</td>
              <td className="num">{value === null ? '—' : formatMetric(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && <div className="faint">+{rows.length - shown.length} more</div>}
    </div>
  );
}
