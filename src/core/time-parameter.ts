/** Points in time in request parameters (`at` of alias history, `since`/`until` of the audit log). */
import { parseTimeText } from '../api/time-text.js';
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
