import { InvalidArgumentError } from 'commander';
import { parseDurationText, parseTimeText } from '../../../api/time-text.js';

/** `--time`, `--since`, `--until`: ms, ISO 8601, or a duration back (`2h`, `1d2h30m`), checked before any request; the server resolves a duration by its clock. */
export function parseTimeOrAgo(text: string): string {
  const trimmed = text.trim();
  if (parseDurationText(trimmed) !== undefined || parseTimeText(trimmed) !== undefined) return trimmed;
  throw new InvalidArgumentError(`expected milliseconds since the epoch, an ISO-8601 time such as 2024-05-01T12:00:00Z or a duration back such as 2h, got '${text}'`);
}
