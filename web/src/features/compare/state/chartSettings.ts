// The metric charts' settings in the compare page's URL, next to runs/hide: x axis, y scale,
// smoothing, the zoomed x window (shared by every chart, as W&B syncs panels) and, when there are
// more than 20 metric keys, which ones are shown. Broken values fall back to defaults.
import type { Smoothing } from '../../charts/state/smoothing';
import type { XKind, XRange } from '../../charts/state/xAxis';

export interface ChartSettings {
  xKind: XKind;
  logY: boolean;
  smoothing: Smoothing;
  zoom?: XRange;
  /** Chosen metric keys; empty = the default (the first keys). */
  metrics: string[];
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = { xKind: 'step', logY: false, smoothing: { kind: 'none' }, metrics: [] };

export function parseSmoothing(text: string | null): Smoothing {
  const match = /^(ema|mean):([0-9.]+)$/.exec(text ?? '');
  const value = Number(match?.[2]);
  if (match?.[1] === 'ema' && value >= 0 && value < 1) return { kind: 'ema', weight: value };
  if (match?.[1] === 'mean' && Number.isInteger(value) && value >= 1 && value <= 1000) return { kind: 'mean', window: value };
  return { kind: 'none' };
}

export function writeSmoothing(s: Smoothing): string | undefined {
  if (s.kind === 'ema') return `ema:${s.weight}`;
  if (s.kind === 'mean') return `mean:${s.window}`;
  return undefined;
}

function parseZoom(text: string | null): XRange | undefined {
  const [lo, hi] = (text ?? '').split(',').map(Number);
  return lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? [lo, hi] : undefined;
}

export function parseChartSettings(params: URLSearchParams): ChartSettings {
  const x = params.get('x');
  return {
    xKind: x === 'time' || x === 'relative' ? x : 'step',
    logY: params.get('y') === 'log',
    smoothing: parseSmoothing(params.get('smooth')),
    zoom: parseZoom(params.get('zoom')),
    metrics: params.getAll('metric'),
  };
}

export function writeChartSettings(s: ChartSettings, base: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  const set = (name: string, value: string | undefined) => (value === undefined ? params.delete(name) : params.set(name, value));
  set('x', s.xKind === 'step' ? undefined : s.xKind);
  set('y', s.logY ? 'log' : undefined);
  set('smooth', writeSmoothing(s.smoothing));
  set('zoom', s.zoom ? `${round(s.zoom[0])},${round(s.zoom[1])}` : undefined);
  params.delete('metric');
  for (const key of s.metrics) params.append('metric', key);
  return params;
}

// Enough digits for a zoom window in steps or seconds; keeps links short.
const round = (v: number) => String(Number(v.toPrecision(10)));
