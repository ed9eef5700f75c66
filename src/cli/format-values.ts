import type { WireDouble } from '../api/mlflow-tracking.js';

/** Milliseconds since the epoch as `YYYY-MM-DD HH:MM:SS` UTC: sortable, and the same on every machine. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || ms === 0) return '-';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function formatDuration(startMs: number, endMs: number | undefined): string {
  if (endMs === undefined || endMs === 0) return '-';
  const seconds = Math.max(0, Math.round((endMs - startMs) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}

/** Enough digits to tell values apart in a table, without the float noise. */
export function formatNumber(value: WireDouble): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** `a=1, b=2 (+3 more)`: a table cell that summarises a list of key/value pairs. */
export function summarise(entries: { key: string; value: string }[], limit = 3): string {
  if (entries.length === 0) return '-';
  const sorted = [...entries].sort((a, b) => a.key.localeCompare(b.key));
  const shown = sorted.slice(0, limit).map((e) => `${e.key}=${truncate(e.value, 24)}`).join(', ');
  return sorted.length > limit ? `${shown} (+${sorted.length - limit} more)` : shown;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
