/**
 * The model registry's input rules (mlflow/utils/validation.py and the registry store,
 * MLflow 2.17), with MLflow's messages. Every rule throws INVALID_PARAMETER_VALUE.
 */
import {
  MAX_MODEL_REGISTRY_TAG_KEY_LENGTH,
  MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH,
  MAX_REGISTERED_MODEL_ALIAS_LENGTH,
  MAX_REGISTERED_MODEL_NAME_LENGTH,
} from '../api/mlflow-registry.js';
import type { Tag } from './entities.js';
import { invalidParameter } from './errors.js';
import { MODEL_STAGES, type ModelStage } from './registry-entities.js';
import { shortenForMessage } from './shorten-for-message.js';
import { missingValueMessage, validateKeyName, validateNameCharacters } from './validation.js';

const ALIAS = /^[\w-]*$/;
const VERSION_ALIAS = /^[vV]\d+$/;
const INTEGER = /^[+-]?\d+$/;

function exceedsMaximumLength(path: string, limit: number): string {
  return `'${path}' exceeds the maximum length of ${limit} characters`;
}

export function validateModelName(name: unknown, path = 'name'): string {
  if (name === undefined || name === null || name === '') throw invalidParameter(missingValueMessage(path));
  if (typeof name !== 'string') throw invalidParameter(`Registered model name must be a string, got ${typeof name}.`);
  if (name.length > MAX_REGISTERED_MODEL_NAME_LENGTH) {
    throw invalidParameter(exceedsMaximumLength(path, MAX_REGISTERED_MODEL_NAME_LENGTH));
  }
  validateNameCharacters(name, path);
  return name;
}

/** A version number as MLflow reads it: an integer, possibly written as text. */
export function parseModelVersion(raw: unknown, path = 'version'): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (text === undefined || !INTEGER.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalidParameter(`Parameter '${path}' must be an integer, got '${shortenForMessage(String(raw))}'.`);
  }
  return Number(text);
}

/** MLflow's _validate_model_alias_name: `latest` and `v<N>` are reserved for model URIs. */
export function validateAliasName(alias: unknown): string {
  if (alias === undefined || alias === null || alias === '') {
    throw invalidParameter('Registered model alias name cannot be empty.');
  }
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    throw invalidParameter(
      `Invalid alias name: '${shortenForMessage(String(alias))}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`,
    );
  }
  if (alias.length > MAX_REGISTERED_MODEL_ALIAS_LENGTH) {
    throw invalidParameter(exceedsMaximumLength('Registered model alias name', MAX_REGISTERED_MODEL_ALIAS_LENGTH));
  }
  if (alias.toLowerCase() === 'latest') throw invalidParameter("'latest' alias name (case insensitive) is reserved.");
  if (VERSION_ALIAS.test(alias)) throw invalidParameter(`Version alias name '${alias}' is reserved.`);
  return alias;
}

/** Registered-model and model-version tags: refused, not truncated, when too long. */
export function validateRegistryTag(key: unknown, value: unknown): Tag {
  validateKeyName(key, 'key');
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw invalidParameter(`Tag value must be a string, got ${typeof value}.`);
  }
  const text = value ?? '';
  if (key.length > MAX_MODEL_REGISTRY_TAG_KEY_LENGTH) {
    throw invalidParameter(exceedsMaximumLength('key', MAX_MODEL_REGISTRY_TAG_KEY_LENGTH));
  }
  if (text.length > MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH) {
    throw invalidParameter(exceedsMaximumLength('value', MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH));
  }
  return { key, value: text };
}

/** MLflow's get_canonical_stage: case-insensitive, answered in canonical spelling. */
export function canonicalStage(raw: string): ModelStage {
  const stage = MODEL_STAGES.find((s) => s.toLowerCase() === raw.toLowerCase());
  if (stage === undefined) {
    throw invalidParameter(`Invalid Model Version stage: ${shortenForMessage(raw)}. Value must be one of ${MODEL_STAGES.join(', ')}.`);
  }
  return stage;
}

export function validateRegistryMaxResults(maxResults: number, threshold: number): void {
  if (maxResults < 1 || maxResults > threshold) {
    throw invalidParameter(
      `Invalid value for request parameter max_results. It must be between 1 and ${threshold}, but got value ${maxResults}`,
    );
  }
}
