/**
 * The search-filter language: MLflow's filter and order_by grammar plus Strata's
 * extensions (OR, NOT, parentheses, IN on every string field, IS [NOT] NULL).
 * Every function throws StrataError('INVALID_PARAMETER_VALUE') with the position
 * of the mistake.
 */
import type { FilterExpr, OrderByKey } from './ast.js';
import { parseFilter } from './parse-filter.js';
import { parseOrderByClause } from './parse-order-by.js';
import {
  EXPERIMENT_SCHEMA,
  MODEL_SCHEMA,
  MODEL_VERSION_SCHEMA,
  RUN_SCHEMA,
  type SearchSchema,
} from './search-schema.js';
import { SearchSyntaxError, toStrataError } from './search-syntax-error.js';

export type * from './ast.js';
export type { FieldType, SearchSchema } from './search-schema.js';

function filterParser(schema: SearchSchema): (text: string) => FilterExpr | undefined {
  return (text) => {
    if (text.trim() === '') return undefined;
    try {
      return parseFilter(text, schema);
    } catch (error) {
      throw error instanceof SearchSyntaxError ? toStrataError('filter', text, error) : error;
    }
  };
}

function orderByParser(schema: SearchSchema): (clauses: string[]) => OrderByKey[] {
  return (clauses) =>
    clauses.map((clause) => {
      try {
        return parseOrderByClause(clause, schema);
      } catch (error) {
        throw error instanceof SearchSyntaxError ? toStrataError('order_by clause', clause, error) : error;
      }
    });
}

export const parseRunFilter = filterParser(RUN_SCHEMA);
export const parseRunOrderBy = orderByParser(RUN_SCHEMA);
export const parseExperimentFilter = filterParser(EXPERIMENT_SCHEMA);
export const parseExperimentOrderBy = orderByParser(EXPERIMENT_SCHEMA);
export const parseModelFilter = filterParser(MODEL_SCHEMA);
export const parseModelOrderBy = orderByParser(MODEL_SCHEMA);
export const parseModelVersionFilter = filterParser(MODEL_VERSION_SCHEMA);
export const parseModelVersionOrderBy = orderByParser(MODEL_VERSION_SCHEMA);
