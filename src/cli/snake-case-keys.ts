/**
 * The data engine's results are domain objects (camelCase); `--json` prints MLflow's
 * snake_case everywhere, so they are converted on the way out, as the server's mappers do.
 * Only for objects whose keys are all field names: a map keyed by user data would be altered.
 */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A deep copy of `value` with every object key in snake_case. */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snakeCase(key), snakeCaseKeys(inner)]));
}
