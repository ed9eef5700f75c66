/** Points in time in request parameters (`at` of alias history, `since`/`until` of the audit log). */
import { parseDurationText, parseTimeText } from '../api/time-text.js';
import { invalidParameter } from './errors.js';
import { shortenForMessage } from './shorten-for-message.js';

/** `1714564800000`, `2024-05-01T12:00:00Z`, `2024-05-01 12:00` (UTC) or `2024-05-01` (midnight UTC). */
export function parseTimeParameter(raw: string, path: string): number {
  const time = parseTimeText(raw);
  if (time === undefined) {
    throw invalidParameter(
      `Invalid value '${shortenForMessage(raw)}' for parameter '${path}': expected milliseconds since the epoch or an ISO-8601 time.`,
    );
  }
  return time;
}

/**
 * A point in time that may also be a duration back from `now` (`2h`, `1d2h30m`): the deployment
 * records' `time`, `since` and `until`. A JSON number is milliseconds since the epoch.
 */
export function parseTimeOrAgoParameter(raw: number | string, path: string, now: number): number {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) throw invalidParameter(`Invalid value ${raw} for parameter '${path}': expected milliseconds since the epoch.`);
    return raw;
  }
  const back = parseDurationText(raw);
  if (back !== undefined) return now - back;
  const time = parseTimeText(raw);
  if (time === undefined) {
    throw invalidParameter(
      `Invalid value '${shortenForMessage(raw)}' for parameter '${path}': expected milliseconds since the epoch, an ISO-8601 time or a duration back such as 2h.`,
    );
  }
  return time;
}
