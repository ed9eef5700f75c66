/** Parses one order_by clause: `<identifier> [ASC | DESC]`, ascending by default. */
import type { OrderByKey } from './ast.js';
import { parseIdentifier } from './parse-identifier.js';
import type { SearchSchema } from './search-schema.js';
import { TokenCursor, isKeyword, unexpected } from './token-cursor.js';

export function parseOrderByClause(text: string, schema: SearchSchema): OrderByKey {
  const cursor = new TokenCursor(text);
  const { identifier } = parseIdentifier(cursor, schema, schema.orderBy);
  const direction = cursor.peek();
  let ascending = true;
  if (isKeyword(direction, 'ASC') || isKeyword(direction, 'DESC')) {
    ascending = isKeyword(direction, 'ASC');
    cursor.next();
  } else if (direction.kind !== 'eof') {
    throw unexpected(direction, "'ASC', 'DESC' or the end of the clause");
  }
  cursor.expectEnd();
  return { entity: identifier, ascending };
}
