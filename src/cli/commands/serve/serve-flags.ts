/** Parsers of `strata serve`'s flags (durations with ms, byte sizes, counts). */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../../parse-duration.js';

/** `2s`, `1m30s` (parseDuration's forms) or `500ms`, in milliseconds. */
export function parseInterval(text: string): number {
  const ms = /^(\d+)ms$/.exec(text.trim());
  return ms ? Number(ms[1]) : parseDuration(text);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** `1048576`, `512kb`, `10mb`, `1gb` in bytes. */
export function parseByteSize(text: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) === 0) throw new InvalidArgumentError(`expected a size such as 10mb or 1048576, got '${text}'`);
  return Number(match[1]) * unit;
}

export function parseWorkers(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 256) throw new InvalidArgumentError(`expected 1 to 256 workers, got '${text}'`);
  return count;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function parseLogLevel(text: string): string {
  if (!(LOG_LEVELS as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(', ')}, got '${text}'`);
  return text;
}

/** As `strata server --port` (its parser lives under commands/server, which client commands may not import). */
export function parseServePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got '${text}'`);
  return port;
}
