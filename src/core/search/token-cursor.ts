import { shortenForMessage } from '../shorten-for-message.js';
import { SearchSyntaxError } from './search-syntax-error.js';
import { tokenize, type Token } from './tokenize.js';

/** Words that are syntax, not names (matched case-insensitively, as in SQL). */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE', 'ASC', 'DESC']);

export function isKeyword(token: Token, keyword?: string): boolean {
  if (token.kind !== 'word') return false;
  const upper = token.value.toUpperCase();
  return keyword === undefined ? KEYWORDS.has(upper) : upper === keyword;
}

/** How a token reads in an error message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string '${shortenForMessage(token.value)}'`;
    case 'backtick':
      return `\`${shortenForMessage(token.value)}\``;
    default:
      return `'${shortenForMessage(token.value)}'`;
  }
}

/** A read position over the token list; the recursive-descent parsers move it forward. */
export class TokenCursor {
  private readonly tokens: Token[];
  private index = 0;

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  peek(): Token {
    // tokenize always ends with 'eof' and next() never moves past it.
    return this.tokens[this.index] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** Consumes the keyword if it comes next. */
  acceptKeyword(keyword: string): boolean {
    if (!isKeyword(this.peek(), keyword)) return false;
    this.next();
    return true;
  }

  expectKeyword(keyword: string): Token {
    const token = this.next();
    if (!isKeyword(token, keyword)) throw unexpected(token, `'${keyword}'`);
    return token;
  }

  expect(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw unexpected(token, what);
    return token;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'eof') throw new SearchSyntaxError(`unexpected ${describe(token)}`, token.pos);
  }
}

export function unexpected(token: Token, expected: string): SearchSyntaxError {
  return new SearchSyntaxError(`expected ${expected} but found ${describe(token)}`, token.pos);
}
