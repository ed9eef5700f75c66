/**
 * One plain gate rule, `metrics.auc >= champion + 0.005`: a field in the search language's
 * identifier syntax (metrics.x, params.x, tags.x, metrics.`odd/key`; a bare name is a metric),
 * an operator, then a number, a quoted string or `champion` with an optional `+ - *` number.
 * The field is read by the search parser itself (parseIdentifier), so keys are quoted the same
 * way in filters and in gates. Errors are SearchSyntaxError at an offset into the rule text;
 * gate-spec.ts maps the offset to the YAML file's line and column.
 */
import { parseIdentifier } from '../search/parse-identifier.js';
import type { SearchSchema } from '../search/search-schema.js';
import { SearchSyntaxError } from '../search/search-syntax-error.js';
import { TokenCursor } from '../search/token-cursor.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { GATE_OPERATORS, type GateBound, type GateField, type GateOperator } from './gate-spec-types.js';

export interface GateComparison {
  field: GateField;
  op: GateOperator;
  bound: GateBound;
}

/** metrics/params/tags under every spelling the search language accepts; a bare key is a metric. */
const GATE_SCHEMA: SearchSchema = {
  prefixes: { metric: 'metric', metrics: 'metric', param: 'param', params: 'param', parameter: 'param', parameters: 'param', tag: 'tag', tags: 'tag' },
  filter: { metric: { anyKey: 'number' }, param: { anyKey: 'string' }, tag: { anyKey: 'string' }, attribute: { anyKey: 'number' } },
  orderBy: {},
};

const OPERATOR_LIST = GATE_OPERATORS.join(', ');
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(?![A-Za-z0-9_.])/;

/** A small scanner over one rule's text; `pos` only moves forward. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos += 1;
  }

  match(pattern: RegExp): string | null {
    const found = pattern.exec(this.text.slice(this.pos));
    if (found === null) return null;
    this.pos += found[0].length;
    return found[0];
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** What is next, for messages: the next run of non-space characters. */
  describeNext(): string {
    if (this.atEnd()) return 'end of rule';
    return `'${shortenForMessage(/^\S+/.exec(this.text.slice(this.pos))?.[0] ?? '')}'`;
  }
}

export function parseGateComparison(text: string): GateComparison {
  const scanner = new Scanner(text);
  const field = readField(scanner);
  const op = readOperator(scanner);
  const bound = readBound(scanner);
  if (!scanner.atEnd()) throw new SearchSyntaxError(`unexpected ${scanner.describeNext()} after the value`, scanner.pos);
  if (field.kind === 'metric' && bound.kind === 'value' && typeof bound.value === 'string') {
    throw new SearchSyntaxError(`metric '${shortenForMessage(field.key)}' compares with a number, not a string`, valueStart(text));
  }
  return { field, op, bound };
}

/** The right-hand side alone (an object rule's `value: "champion - 0.01"`). */
export function parseGateBound(text: string): GateBound {
  const scanner = new Scanner(text);
  const bound = readBound(scanner);
  if (!scanner.atEnd()) throw new SearchSyntaxError(`unexpected ${scanner.describeNext()} after the value`, scanner.pos);
  return bound;
}

/** Parses `>=` etc.; `=` is read as `==`, as the search language writes equality. */
export function parseGateOperator(text: string): GateOperator {
  if (text === '=') return '==';
  const op = GATE_OPERATORS.find((candidate) => candidate === text);
  if (op === undefined) throw new SearchSyntaxError(`unknown operator '${shortenForMessage(text)}' (expected one of ${OPERATOR_LIST})`, 0);
  return op;
}

function valueStart(text: string): number {
  const op = /[=<>!]+\s*/.exec(text);
  return op === null ? 0 : op.index + op[0].length;
}

function readField(scanner: Scanner): GateField {
  scanner.skipSpace();
  const start = scanner.pos;
  const quoted = /^(`[^`]*`|'(?:[^']|'')*'|"(?:[^"]|"")*")/;
  const word = scanner.match(/^[A-Za-z_][A-Za-z0-9_.]*/);
  if (word === null ? scanner.match(/^`[^`]*`/) === null : word.endsWith('.') && scanner.match(quoted) === null) {
    throw new SearchSyntaxError(`expected a field such as metrics.auc, params.x or tags.x but found ${scanner.describeNext()}`, start);
  }
  const cursor = new TokenCursor(scanner.text.slice(start, scanner.pos));
  try {
    const { identifier } = parseIdentifier(cursor, GATE_SCHEMA, GATE_SCHEMA.filter);
    cursor.expectEnd();
    const kind = identifier.kind === 'param' || identifier.kind === 'tag' ? identifier.kind : 'metric';
    return { kind, key: identifier.key };
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new SearchSyntaxError(error.message, start + error.pos);
    throw error;
  }
}

function readOperator(scanner: Scanner): GateOperator {
  scanner.skipSpace();
  const start = scanner.pos;
  const op = scanner.match(/^[=<>!]+/);
  if (op === null) {
    const next = scanner.text.charAt(start);
    const hint = next === '' || /\s/.test(next) ? '' : ' (quote a key with other characters: metrics.`recall/segment:a`)';
    throw new SearchSyntaxError(`expected an operator (${OPERATOR_LIST}) but found ${scanner.describeNext()}${hint}`, start);
  }
  try {
    return parseGateOperator(op);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new SearchSyntaxError(error.message, start);
    throw error;
  }
}

function readBound(scanner: Scanner): GateBound {
  scanner.skipSpace();
  const start = scanner.pos;
  const number = scanner.match(NUMBER);
  if (number !== null) return { kind: 'value', value: Number(number) };
  const quote = scanner.text.charAt(start);
  if (quote === "'" || quote === '"') return { kind: 'value', value: readString(scanner, quote) };
  if (scanner.match(/^champion(?![A-Za-z0-9_.])/) !== null) return readChampionArithmetic(scanner);
  throw new SearchSyntaxError(`expected a number, a quoted string or 'champion' but found ${scanner.describeNext()}`, start);
}

function readString(scanner: Scanner, quote: string): string {
  const start = scanner.pos;
  const literal = scanner.match(quote === "'" ? /^'(?:[^']|'')*'/ : /^"(?:[^"]|"")*"/);
  if (literal === null) throw new SearchSyntaxError(`unterminated ${quote} quote`, start);
  return literal.slice(1, -1).replaceAll(quote + quote, quote);
}

function readChampionArithmetic(scanner: Scanner): GateBound {
  if (scanner.atEnd()) return { kind: 'champion', arithmetic: null };
  const opStart = scanner.pos;
  const op = scanner.match(/^[-+*]/);
  if (op !== '+' && op !== '-' && op !== '*') {
    throw new SearchSyntaxError(`expected + - or * and a number after 'champion' but found ${scanner.describeNext()}`, opStart);
  }
  scanner.skipSpace();
  const operandStart = scanner.pos;
  const operand = scanner.match(NUMBER);
  if (operand === null || !Number.isFinite(Number(operand))) {
    throw new SearchSyntaxError(`expected a number after 'champion ${op}' but found ${scanner.describeNext()}`, operandStart);
  }
  return { kind: 'champion', arithmetic: { op, operand: Number(operand) } };
}
