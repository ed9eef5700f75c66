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
