// Number, time and size formatting shared by every page. Numbers are shown with tabular digits
// (the .num class); these functions only decide the text.

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time as `2026-11-20 14:03:07`: sortable, the same in every locale, one width in a column. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatRelative(ms: number | undefined, now: number = Date.now()): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 45) return `${days} d ago`;
  return formatTime(ms).slice(0, 10);
}

export function formatDuration(start: number | undefined, end: number | undefined): string {
  if (start === undefined || end === undefined || end < start) return '—';
  const ms = end - start;
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Metric values: integers as they are, others to 5 significant digits, huge/tiny in exponent form. */
export function formatMetric(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return value.toExponential(3);
  return String(Number(value.toPrecision(5)));
}

/**
 * Decimals that give `values` about five significant digits at their largest magnitude, so a
 * column of them lines up on the decimal point (1.0597 / 0.8729, not 1.0597 / 0.87).
 */
export function decimalsFor(values: Iterable<number>): number {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  if (max === 0) return 0;
  return Math.min(6, Math.max(0, 4 - Math.floor(Math.log10(max))));
}

/** A metric in a column: fixed decimals when the column has a common scale, else formatMetric. */
export function formatFixed(value: number, decimals: number | undefined): string {
  if (decimals === undefined || !Number.isFinite(value) || Math.abs(value) >= 1e9) return formatMetric(value);
  if (Number.isInteger(value) && decimals === 0) return String(value);
  return value.toFixed(decimals);
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}
