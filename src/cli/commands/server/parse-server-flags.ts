/** Parsers of `strata server`'s hardening flags: usage errors name the flag's expected form. */
import { InvalidArgumentError } from 'commander';
import type { XFrameOptions } from '../../../server/security-headers.js';

export function parseList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
  return Number(value);
}

export function parseXFrameOption(value: string): XFrameOptions {
  const upper = value.trim().toUpperCase();
  if (upper === 'DENY' || upper === 'SAMEORIGIN' || upper === 'NONE') return upper;
  throw new InvalidArgumentError(`expected DENY, SAMEORIGIN or NONE, got '${value}'`);
}
