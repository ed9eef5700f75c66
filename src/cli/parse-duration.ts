import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/**
 * `30d`, `12h`, `1d2h30m`, `90s` (MLflow's gc `--older-than` format) or `0`, in milliseconds.
 * A bare number is refused except 0, so `30` cannot silently mean 30 ms.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!/^(\d+[dhms])+$/.test(trimmed)) {
    throw new InvalidArgumentError(`expected a duration such as 30d, 12h or 1d2h30m, got '${text}'`);
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}
