/**
 * Splits filter and order_by text into tokens that remember where they start,
 * so every parse error can point at the offending character.
 */
import { SearchSyntaxError } from './search-syntax-error.js';

export type TokenKind =
  | 'word' // status, metrics.acc, tags.mlflow.source.name, AND, metrics. (followed by a quoted key)
  | 'string' // 'value' or "value"
  | 'backtick' // `my metric`
  | 'number' // 1, -0.5, 1e-3
  | 'op' // = != < <= > >=
  | '('
  | ')'
  | ','
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Unquoted text for strings and backticks; the source text otherwise. */
  value: string;
  /** 0-based offset into the source text. */
  pos: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_.]/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/;
const OPERATORS = ['!=', '<=', '>=', '=', '<', '>'];
const QUOTES: Record<string, TokenKind> = { "'": 'string', '"': 'string', '`': 'backtick' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text.charAt(pos);
    if (/\s/.test(ch)) {
      pos += 1;
      continue;
    }
    const token = readToken(text, pos);
    tokens.push(token.token);
    pos = token.end;
  }
  tokens.push({ kind: 'eof', value: '', pos: text.length });
  return tokens;
}

function readToken(text: string, pos: number): { token: Token; end: number } {
  const ch = text.charAt(pos);
  if (ch === '(' || ch === ')' || ch === ',') return { token: { kind: ch, value: ch, pos }, end: pos + 1 };
  const quoteKind = QUOTES[ch];
  if (quoteKind) return readQuoted(text, pos, quoteKind);
  if (WORD_START.test(ch)) return readWord(text, pos);
  const number = NUMBER.exec(text.slice(pos));
  if (number) return readNumber(text, pos, number[0]);
  const op = OPERATORS.find((candidate) => text.startsWith(candidate, pos));
  if (op) return { token: { kind: 'op', value: op, pos }, end: pos + op.length };
  throw new SearchSyntaxError(`unexpected '${ch}'`, pos);
}

function readWord(text: string, pos: number): { token: Token; end: number } {
  let end = pos + 1;
  while (end < text.length && WORD_PART.test(text.charAt(end))) end += 1;
  return { token: { kind: 'word', value: text.slice(pos, end), pos }, end };
}

function readNumber(text: string, pos: number, literal: string): { token: Token; end: number } {
  const end = pos + literal.length;
  // "1abc" or "1.2.3" is a typo, not a number followed by a word.
  if (end < text.length && WORD_PART.test(text.charAt(end))) {
    throw new SearchSyntaxError(`unexpected '${text.charAt(end)}' in number`, end);
  }
  return { token: { kind: 'number', value: literal, pos }, end };
}

/** A quote inside is written twice, as in SQL: 'it''s'. */
function readQuoted(text: string, pos: number, kind: TokenKind): { token: Token; end: number } {
  const quote = text.charAt(pos);
  let value = '';
  let i = pos + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch !== quote) {
      value += ch;
      i += 1;
    } else if (text.charAt(i + 1) === quote) {
      value += quote;
      i += 2;
    } else {
      return { token: { kind, value, pos }, end: i + 1 };
    }
  }
  throw new SearchSyntaxError(`unterminated ${quote} quote`, pos);
}
