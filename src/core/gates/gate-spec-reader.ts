/**
 * Reading a YAML node tree while collecting problems with their line and column: every check
 * records a problem and moves on, so one error message lists everything wrong with the file.
 */
import { isMap, isScalar, Scalar, type LineCounter, type Node, type YAMLMap } from 'yaml';
import type { GateSpecProblemWire } from '../../api/strata-gates.js';
import { isStrataError } from '../errors.js';
import { shortenForMessage } from '../shorten-for-message.js';

export class SpecReader {
  readonly problems: GateSpecProblemWire[] = [];

  constructor(private readonly lines: LineCounter, private readonly text = '') {}

  /** 1-based line and column of an offset into the spec text. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  lineOf(node: Node | null | undefined): number {
    return this.position(node?.range?.[0] ?? 0).line;
  }

  problem(node: Node | null | undefined, message: string, offset = 0): void {
    this.problemAt((node?.range?.[0] ?? 0) + offset, message);
  }

  problemAt(offset: number, message: string): void {
    this.problems.push({ ...this.position(offset), message });
  }

  /** Runs a validator that throws a StrataError; its message becomes a problem at the node. */
  check<T>(node: Node | null | undefined, validate: () => T): T | undefined {
    try {
      return validate();
    } catch (error) {
      if (!isStrataError(error)) throw error;
      this.problem(node, error.message);
      return undefined;
    }
  }

  /**
   * The map's fields by key. Unknown keys are problems (with the list of known ones); `where`
   * names the mapping in messages ("rule", "champion").
   */
  fields(map: YAMLMap, known: readonly string[], where: string): Map<string, Node | null> {
    const out = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.problem(isNode(key) ? key : map, `${where}: keys must be names`);
        continue;
      }
      if (!known.includes(key.value)) {
        this.problem(key, `${where}: unknown field '${shortenForMessage(key.value)}' (expected one of ${known.join(', ')})`);
        continue;
      }
      out.set(key.value, isNode(pair.value) ? pair.value : null);
    }
    return out;
  }

  /** A required or optional string scalar; numbers and booleans are refused (quote them). */
  string(node: Node | null | undefined, what: string, parent: Node): string | undefined {
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.problem(node ?? parent, `${what} must be a non-empty string${value === undefined || value === null ? '' : `, got ${describe(value)}`}`);
    return undefined;
  }

  number(node: Node | null | undefined, what: string, parent: Node, accept: (n: number) => boolean, range: string): number | undefined {
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'number' && accept(value)) return value;
    this.problem(node ?? parent, `${what} must be ${range}${value === undefined ? '' : `, got ${describe(value)}`}`);
    return undefined;
  }

  boolean(node: Node | null | undefined, what: string, parent: Node): boolean | undefined {
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'boolean') return value;
    this.problem(node ?? parent, `${what} must be true or false${value === undefined ? '' : `, got ${describe(value)}`}`);
    return undefined;
  }

  /** A node's text in the file when it sits on one line (a flow mapping as written); undefined otherwise. */
  oneLineSource(node: Node): string | undefined {
    const [start, end] = node.range ?? [0, 0];
    const source = this.text.slice(start, end).trim();
    return source === '' || source.includes('\n') ? undefined : source;
  }

  /**
   * Where a scalar's text starts in the file: after the quote of a quoted scalar, so an offset
   * into its value lands on the right column (exact unless the string uses escapes).
   */
  textStart(node: Scalar): number {
    const start = node.range?.[0] ?? 0;
    return node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? start + 1 : start;
  }
}

export function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || (typeof value === 'object' && value !== null && 'range' in value);
}

export function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (typeof value === 'string') return `'${shortenForMessage(value, { limit: 40 })}'`;
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}
