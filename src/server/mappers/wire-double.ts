/** Doubles as proto3 JSON writes them: non-finite values become strings. */
import type { WireDouble } from '../../api/mlflow-tracking.js';

export function toWireDouble(value: number): WireDouble {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** The same, as JSON text; used where responses are built as strings for speed. */
export function wireDoubleJson(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return '"NaN"';
  return value > 0 ? '"Infinity"' : '"-Infinity"';
}
