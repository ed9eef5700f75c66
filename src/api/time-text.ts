/**
 * How a point in time may be written in a request parameter (`at`, `since`, `until`):
 * milliseconds since the epoch, as every MLflow timestamp, or ISO 8601, as people type
 * them. One rule for the server, which validates, and the CLI, which checks flags early.
 */

const INTEGER = /^[+-]?\d+$/;
/** Date, optional time (T or a space), optional zone. Date.parse alone would also take `1.5` or `May 1`. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds since the epoch, or undefined when `text` is neither form. */
export function parseTimeText(text: string): number | undefined {
  const trimmed = text.trim();
  if (INTEGER.test(trimmed)) return Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : undefined;
  const iso = ISO_8601.exec(trimmed);
  if (!iso) return undefined;
  // A time without a zone is UTC, as Strata prints times, not the server's local time.
  const hasTime = trimmed.length > 10;
  const time = Date.parse(hasTime && iso[1] === undefined ? `${trimmed}Z` : trimmed);
  return Number.isNaN(time) ? undefined : time;
}

const DURATION = /^(\d+[dhms])+$/;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/**
 * A duration as people type one: `2h`, `1d2h30m`, `90s` (days, hours, minutes, seconds), in
 * milliseconds; undefined when `text` is not one. "What served two hours ago" is `--time 2h`.
 */
export function parseDurationText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isSafeInteger(total) ? total : undefined;
}
