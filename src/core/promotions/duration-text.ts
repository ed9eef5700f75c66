/** A policy's expiry as people write it (`72h`, `30m`, `7d`, `1d12h`, `90s`) and back. */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
type Unit = keyof typeof UNIT_MS;

/** Milliseconds, or undefined when `text` is not a positive duration. */
export function parseDurationText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+[dhms])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNIT_MS[unit as Unit];
  return total > 0 ? total : undefined;
}

/** The shortest spelling in one unit: 259200000 -> `72h`, 5400000 -> `90m`. */
export function formatDurationText(ms: number): string {
  if (ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms % UNIT_MS.m === 0) return `${ms / UNIT_MS.m}m`;
  return `${Math.ceil(ms / UNIT_MS.s)}s`;
}
