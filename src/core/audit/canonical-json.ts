/**
 * A stable JSON encoding: object keys sorted by UTF-16 code units at every depth, no
 * whitespace, numbers and strings as JSON.stringify writes them. Two programs that agree on
 * the values agree on the bytes, whatever order the keys were stored in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
