/**
 * Reads MLflow request fields the way MLflow's handlers do, from a JSON body (POST)
 * or the query string (GET), where every value is text and a repeated field is a
 * repeated parameter (`run_ids=a&run_ids=b`). Type and presence errors use MLflow's
 * handler messages.
 */
import { invalidParameter } from '../core/errors.js';
import { invalidValueMessage, requiredParameterMessage, toInt64 } from '../core/validation.js';

const API_DOCS_HINT = ' See the API docs for more information about request parameters.';

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'object') return 'dict';
  return 'str';
}

function wrongType(name: string, value: unknown): Error {
  return invalidParameter(
    invalidValueMessage(name, value, ` Hint: Value was of type '${typeName(value)}'.`) + API_DOCS_HINT,
  );
}

export class RequestFields {
  /** `fromQuery`: values are strings and repeated fields may come as one value. */
  constructor(
    private readonly source: Record<string, unknown>,
    private readonly fromQuery: boolean,
  ) {}

  raw(name: string): unknown {
    const value = this.source[name];
    // A scalar field repeated in the query string: Flask's args.get takes the first.
    return this.fromQuery && Array.isArray(value) ? value[0] : value;
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw wrongType(name, value);
    return value;
  }

  /** Absent and empty are both "missing", as in MLflow (proto2 strings default to ""). */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw invalidParameter(requiredParameterMessage(name));
    return value;
  }

  /** run_id, or the deprecated run_uuid that old clients send. */
  runId(): string {
    const value = this.string('run_id') || this.string('run_uuid');
    if (!value) throw invalidParameter(requiredParameterMessage('run_id'));
    return value;
  }

  int64(name: string): number | undefined {
    return toInt64(this.raw(name), name);
  }

  /** A proto bool: JSON true/false, or "true"/"false" as text (query strings, loose clients); absent is false. */
  boolean(name: string): boolean {
    const value = this.raw(name);
    if (value === undefined || value === null || value === '') return false;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw invalidParameter(invalidValueMessage(name, value, 'Value must be a boolean.'));
  }

  /** A repeated string field; numbers are accepted and turned into text. */
  stringList(name: string): string[] {
    const value = this.source[name];
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : this.fromQuery ? [value] : undefined;
    if (!items) throw wrongType(name, value);
    return items.map((item: unknown) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number') return String(item);
      throw wrongType(name, value);
    });
  }

  /** A repeated message field (JSON body only): a list of objects. */
  objectList(name: string): Array<Record<string, unknown>> {
    const value = this.source[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw wrongType(name, value);
    return value.map((item: unknown) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw wrongType(name, value);
      return item as Record<string, unknown>;
    });
  }
}
