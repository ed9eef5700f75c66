/**
 * Input rules of the dataset registry. Names follow experiment names (any non-empty
 * text up to MLflow's dataset-name limit, no control characters); digests are lowercase
 * hex, as `strata data` pointers and MLflow's own digests write them. Every rule throws
 * INVALID_PARAMETER_VALUE.
 */
import { invalidParameter } from './errors.js';
import {
  hasControlCharacter,
  invalidValueMessage,
  MAX_DATASET_DIGEST_LENGTH,
  MAX_DATASET_NAME_LENGTH,
  MAX_DATASET_PROFILE_LENGTH,
  MAX_DATASET_SCHEMA_LENGTH,
  MAX_DATASET_SOURCE_LENGTH,
  missingValueMessage,
} from './validation.js';

export const MIN_DATASET_DIGEST_LENGTH = 8;
export const MAX_DATASET_DESCRIPTION_LENGTH = 5000;
export const LIST_DATASETS_MAX_RESULTS_DEFAULT = 100;
export const LIST_DATASETS_MAX_RESULTS_THRESHOLD = 1000;

const DIGEST = new RegExp(`^[0-9a-f]{${MIN_DATASET_DIGEST_LENGTH},${MAX_DATASET_DIGEST_LENGTH}}$`);

function requireText(value: unknown, path: string): string {
  if (value === undefined || value === null || value === '') throw invalidParameter(missingValueMessage(path));
  if (typeof value !== 'string') throw invalidParameter(invalidValueMessage(path, value, 'expected a string.'));
  return value;
}

function checkLength(path: string, limit: number, value: string): void {
  if (value.length > limit) throw invalidParameter(`'${path}' exceeds the maximum length of ${limit} characters`);
}

export function validateDatasetName(value: unknown, path = 'name'): string {
  const name = requireText(value, path);
  checkLength(path, MAX_DATASET_NAME_LENGTH, name);
  if (hasControlCharacter(name) || name.trim() !== name) {
    throw invalidParameter(invalidValueMessage(path, name, 'a dataset name has no control characters and no leading or trailing spaces.'));
  }
  return name;
}

export function validateDigest(value: unknown, path = 'digest'): string {
  const digest = requireText(value, path);
  if (!DIGEST.test(digest)) {
    const detail = `a digest is ${MIN_DATASET_DIGEST_LENGTH} to ${MAX_DATASET_DIGEST_LENGTH} lowercase hex digits (e.g. a pointer file's BLAKE3 hash).`;
    throw invalidParameter(invalidValueMessage(path, digest, detail));
  }
  return digest;
}

export function validateCount(value: unknown, path: string): number {
  if (value === undefined || value === null) throw invalidParameter(missingValueMessage(path));
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidParameter(invalidValueMessage(path, value, 'expected an integer of at least 0.'));
  }
  return value;
}

export function validateSourceUri(value: unknown, path = 'source_uri'): string {
  const uri = requireText(value, path);
  checkLength(path, MAX_DATASET_SOURCE_LENGTH, uri);
  return uri;
}

export function validateDescription(value: unknown, path = 'description'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(invalidValueMessage(path, value, 'expected a string.'));
  checkLength(path, MAX_DATASET_DESCRIPTION_LENGTH, value);
  return value;
}

const JSON_LIMITS = { schema: MAX_DATASET_SCHEMA_LENGTH, profile: MAX_DATASET_PROFILE_LENGTH } as const;

/** `schema` / `profile`: JSON text of an object; returned as given. */
export function validateJsonObjectText(value: unknown, path: keyof typeof JSON_LIMITS): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalidParameter(invalidValueMessage(path, value, 'expected JSON text of an object.'));
  checkLength(path, JSON_LIMITS[path], value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter(`Invalid value for parameter '${path}' supplied: expected a JSON object.`);
  }
  return value;
}

export function validateListMaxResults(maxResults: number): number {
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > LIST_DATASETS_MAX_RESULTS_THRESHOLD) {
    throw invalidParameter(`max_results must be between 1 and ${LIST_DATASETS_MAX_RESULTS_THRESHOLD}.`);
  }
  return maxResults;
}
