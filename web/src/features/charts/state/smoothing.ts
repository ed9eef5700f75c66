// Smoothing of a chart's line (never its min–max band, which must keep every spike). Applied to
// the drawn bucket values; gaps stay gaps and are skipped, not counted as zeros.
import type { Column } from './envelope.js';

export type Smoothing = { kind: 'none' } | { kind: 'ema'; weight: number } | { kind: 'mean'; window: number };

/**
 * Exponential moving average with TensorBoard's debiasing: the first values are not pulled
 * toward zero (each output divides by 1 − weight^n). weight 0 = raw, 0.99 = very smooth.
 */
export function ema(values: Column, weight: number): Column {
  const w = Math.min(0.999, Math.max(0, weight));
  let acc = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null) return null;
    acc = acc * w + (1 - w) * v;
    n++;
    return w === 0 ? v : acc / (1 - w ** n);
  });
}

/** Trailing running average over the last `window` non-gap values. */
export function runningMean(values: Column, window: number): Column {
  const size = Math.max(1, Math.floor(window));
  const recent: number[] = [];
  let sum = 0;
  return values.map((v) => {
    if (v === null) return null;
    recent.push(v);
    sum += v;
    if (recent.length > size) sum -= recent.shift() ?? 0;
    return sum / recent.length;
  });
}

export function smooth(values: Column, smoothing: Smoothing): Column {
  if (smoothing.kind === 'ema') return ema(values, smoothing.weight);
  if (smoothing.kind === 'mean') return runningMean(values, smoothing.window);
  return values;
}
