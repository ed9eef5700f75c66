/**
 * Opaque page tokens: base64url JSON of a keyset position. Clients must not read
 * them; a malformed one is the client's error, reported as MLflow does.
 */
import { invalidParameter } from '../core/errors.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

export function encodePageToken(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a token and checks its shape with `isValid`; throws INVALID_PARAMETER_VALUE otherwise. */
export function decodePageToken<T>(token: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidParameter(`Invalid page token: ${shortenForMessage(token)}`);
  }
  if (!isValid(value)) throw invalidParameter(`Invalid page token: ${shortenForMessage(token)}`);
  return value;
}

/** True for a plain object whose listed fields are all finite numbers. */
export function hasNumberFields<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, number> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return keys.every((key) => typeof record[key] === 'number' && Number.isFinite(record[key]));
}
