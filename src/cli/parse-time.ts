import { InvalidArgumentError } from 'commander';
import { parseTimeText } from '../api/time-text.js';

/** `--since`, `--until`, `--at`: ms since the epoch or ISO 8601 (the server's rule), checked before any request. */
export function parseTimeFlag(text: string): number {
  const time = parseTimeText(text);
  if (time === undefined) {
    throw new InvalidArgumentError(`expected milliseconds since the epoch or an ISO-8601 time such as 2024-05-01T12:00:00Z, got '${text}'`);
  }
  return time;
}
