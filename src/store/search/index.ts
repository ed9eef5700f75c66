/**
 * Search compiled to parameterized SQL with keyset paging. The store calls these
 * for the ids of one page, then loads the full rows in that order.
 */
export { searchRunIds } from './search-run-ids.js';
export { searchExperimentIds } from './search-experiment-ids.js';
export {
  detectSearchDialect,
  postgresSearchDialect,
  sqliteSearchDialect,
  type SearchDialect,
} from './search-dialect.js';
