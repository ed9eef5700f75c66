/**
 * Recursive-descent parser for search filters.
 *
 *   filter     := or EOF
 *   or         := and (OR and)*
 *   and        := not (AND not)*
 *   not        := NOT not | '(' or ')' | comparison
 *   comparison := identifier ( op value
 *                            | [NOT] (LIKE | ILIKE) string
 *                            | [NOT] IN '(' string (',' string)* ')'
 *                            | IS [NOT] NULL )
 *
 * MLflow's grammar is the AND-only subset; OR, NOT, parentheses, IN on every
 * string field and IS [NOT] NULL are Strata extensions.
 */
import { MAX_SEARCH_FILTER_TERMS } from '../../api/limits.js';
import { shortenForMessage } from '../shorten-for-message.js';
import type { FilterExpr, NumericComparator, StringComparator } from './ast.js';
import { parseIdentifier, type ResolvedIdentifier } from './parse-identifier.js';
import type { SearchSchema } from './search-schema.js';
import { SearchSyntaxError } from './search-syntax-error.js';
import { describe, isKeyword, unexpected, TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

/** Deep enough for any real filter, shallow enough to never overflow the stack. */
const MAX_DEPTH = 50;

const NUMERIC_OPS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_OPS: readonly string[] = ['=', '!='];

export function parseFilter(text: string, schema: SearchSchema): FilterExpr {
  const parser = new FilterParser(new TokenCursor(text), schema);
  const expr = parser.parseOr(0);
  parser.cursor.expectEnd();
  return expr;
}

class FilterParser {
  private comparisons = 0;

  constructor(
    readonly cursor: TokenCursor,
    private readonly schema: SearchSchema,
  ) {}

  parseOr(depth: number): FilterExpr {
    const operands = [this.parseAnd(depth)];
    while (this.cursor.acceptKeyword('OR')) operands.push(this.parseAnd(depth));
    return operands.length === 1 ? (operands[0] as FilterExpr) : { type: 'or', operands: flatten('or', operands) };
  }

  private parseAnd(depth: number): FilterExpr {
    const operands = [this.parseNot(depth)];
    while (this.cursor.acceptKeyword('AND')) operands.push(this.parseNot(depth));
    return operands.length === 1 ? (operands[0] as FilterExpr) : { type: 'and', operands: flatten('and', operands) };
  }

  private parseNot(depth: number): FilterExpr {
    const token = this.cursor.peek();
    if (depth > MAX_DEPTH) throw new SearchSyntaxError('filter is nested too deeply', token.pos);
    if (this.cursor.acceptKeyword('NOT')) return { type: 'not', operand: this.parseNot(depth + 1) };
    if (token.kind !== '(') return this.parseComparison();
    this.cursor.next();
    const inner = this.parseOr(depth + 1);
    this.cursor.expect(')', `')' to close the '(' at position ${token.pos + 1}`);
    return inner;
  }

  private parseComparison(): FilterExpr {
    // Each comparison becomes a subquery or predicate; the cap bounds what one search asks of the database.
    this.comparisons += 1;
    if (this.comparisons > MAX_SEARCH_FILTER_TERMS) {
      throw new SearchSyntaxError(`more than ${MAX_SEARCH_FILTER_TERMS} comparisons in one filter`, this.cursor.peek().pos);
    }
    const field = parseIdentifier(this.cursor, this.schema, this.schema.filter);
    const token = this.cursor.next();
    if (token.kind === 'op') return this.parseOpValue(field, token);
    if (isKeyword(token, 'IS')) {
      const negated = this.cursor.acceptKeyword('NOT');
      this.cursor.expectKeyword('NULL');
      return { type: 'null', identifier: field.identifier, negated };
    }
    const negated = isKeyword(token, 'NOT');
    const keyword = negated ? this.cursor.next() : token;
    if (isKeyword(keyword, 'IN')) return this.wrapNot(negated, this.parseInList(field, keyword, negated));
    if (isKeyword(keyword, 'LIKE') || isKeyword(keyword, 'ILIKE')) {
      return this.wrapNot(negated, this.parseLike(field, keyword));
    }
    throw unexpected(keyword, negated ? "'IN', 'LIKE' or 'ILIKE' after 'NOT'" : `a comparison operator after ${field.label}`);
  }

  private wrapNot(negated: boolean, expr: FilterExpr): FilterExpr {
    // NOT IN is its own node (it reads better in SQL); NOT LIKE is NOT applied to LIKE.
    return negated && expr.type !== 'in' ? { type: 'not', operand: expr } : expr;
  }

  private parseOpValue(field: ResolvedIdentifier, op: Token): FilterExpr {
    const value = this.cursor.next();
    if (field.type === 'number') {
      if (!NUMERIC_OPS.includes(op.value)) throw badOperator(field, op);
      if (value.kind !== 'number') throw valueError(field, value);
      const number = Number(value.value);
      if (!Number.isFinite(number)) throw new SearchSyntaxError(`number ${shortenForMessage(value.value)} is out of range`, value.pos);
      return { type: 'numeric', identifier: field.identifier, op: op.value as NumericComparator, value: number };
    }
    if (!STRING_OPS.includes(op.value)) throw badOperator(field, op);
    if (value.kind !== 'string') throw valueError(field, value);
    return { type: 'string', identifier: field.identifier, op: op.value as StringComparator, value: value.value };
  }

  private parseLike(field: ResolvedIdentifier, keyword: Token): FilterExpr {
    if (field.type !== 'string') throw badOperator(field, keyword);
    const value = this.cursor.next();
    if (value.kind !== 'string') throw valueError(field, value);
    const op = keyword.value.toUpperCase() as StringComparator;
    return { type: 'string', identifier: field.identifier, op, value: value.value };
  }

  private parseInList(field: ResolvedIdentifier, keyword: Token, negated: boolean): FilterExpr {
    if (field.type !== 'string') throw badOperator(field, keyword);
    this.cursor.expect('(', "'(' to start the list after IN");
    const values: string[] = [];
    for (;;) {
      const value = this.cursor.next();
      if (value.kind !== 'string') throw unexpected(value, 'a quoted string in the IN list');
      values.push(value.value);
      const separator = this.cursor.next();
      if (separator.kind === ')') break;
      if (separator.kind !== ',') throw unexpected(separator, "',' or ')' in the IN list");
    }
    return { type: 'in', identifier: field.identifier, values, negated };
  }
}

function flatten(type: 'and' | 'or', operands: FilterExpr[]): FilterExpr[] {
  return operands.flatMap((e) => (e.type === type ? e.operands : [e]));
}

function badOperator(field: ResolvedIdentifier, op: Token): SearchSyntaxError {
  const valid = field.type === 'number' ? '=, !=, <, <=, >, >=, IS [NOT] NULL' : '=, !=, LIKE, ILIKE, [NOT] IN, IS [NOT] NULL';
  return new SearchSyntaxError(`'${op.value}' cannot be used with ${field.label} (use ${valid})`, op.pos);
}

function valueError(field: ResolvedIdentifier, value: Token): SearchSyntaxError {
  const kind = field.label.split(' ')[0] ?? 'field';
  const expected = field.type === 'number' ? 'a number' : "a quoted string (e.g. 'value')";
  const isValueLike = value.kind === 'number' || value.kind === 'string' || value.kind === 'word';
  const found = isValueLike ? `found ${describe(value)}` : `unexpected ${describe(value)}`;
  return new SearchSyntaxError(`${kind} value must be ${expected}, ${found}`, value.pos);
}
