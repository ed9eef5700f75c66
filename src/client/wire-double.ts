import type { WireDouble } from '../api/mlflow-tracking.js';

/** JSON has no NaN or Infinity; proto3 JSON spells them as strings. */
export function toWireDouble(value: number): WireDouble {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function fromWireDouble(value: WireDouble): number {
  return typeof value === 'number' ? value : Number(value);
}
