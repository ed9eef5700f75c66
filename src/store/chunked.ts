/**
 * Rows per multi-row statement. SQLite allows 32,766 bound variables and PostgreSQL
 * 65,535 parameters; 500 rows of up to 6 columns stays far below both.
 */
export const ROWS_PER_STATEMENT = 500;

export function chunked<T>(items: readonly T[], size: number = ROWS_PER_STATEMENT): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
