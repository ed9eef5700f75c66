/**
 * The search-filter language: MLflow's filter and order_by grammar plus Strata's
 * extensions (OR, NOT, parentheses, IN on every string field, IS [NOT] NULL).
 * Every function throws StrataError('INVALID_PARAMETER_VALUE') with the position
 * of the mistake.
 */
import { MAX_SEARCH_FILTER_LENGTH, MAX_SEARCH_ORDER_BY_CLAUSES } from '../../api/limits.js';
import { invalidParameter } from '../errors.js';
import { shortenForMessage } from '../shorten-for-message.js';
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
    checkLength('filter', text);
    try {
      return parseFilter(text, schema);
    } catch (error) {
      throw error instanceof SearchSyntaxError ? toStrataError('filter', text, error) : error;
    }
  };
}

function orderByParser(schema: SearchSchema): (clauses: string[]) => OrderByKey[] {
  return (clauses) => {
    if (clauses.length > MAX_SEARCH_ORDER_BY_CLAUSES) {
      throw invalidParameter(
        `Invalid order_by: ${clauses.length} clauses, more than the ${MAX_SEARCH_ORDER_BY_CLAUSES} a search may sort by.`,
      );
    }
    return clauses.map((clause) => {
      checkLength('order_by clause', clause);
      try {
        return parseOrderByClause(clause, schema);
      } catch (error) {
        throw error instanceof SearchSyntaxError ? toStrataError('order_by clause', clause, error) : error;
      }
    });
  };
}

/** Checked before tokenizing, so the work a search's text causes is bounded (see limits.ts). */
function checkLength(what: string, text: string): void {
  if (text.length > MAX_SEARCH_FILTER_LENGTH) {
    throw invalidParameter(
      `Invalid ${what} '${shortenForMessage(text)}': longer than the ${MAX_SEARCH_FILTER_LENGTH} characters allowed.`,
    );
  }
}

export const parseRunFilter = filterParser(RUN_SCHEMA);
export const parseRunOrderBy = orderByParser(RUN_SCHEMA);
export const parseExperimentFilter = filterParser(EXPERIMENT_SCHEMA);
export const parseExperimentOrderBy = orderByParser(EXPERIMENT_SCHEMA);
export const parseModelFilter = filterParser(MODEL_SCHEMA);
export const parseModelOrderBy = orderByParser(MODEL_SCHEMA);
export const parseModelVersionFilter = filterParser(MODEL_VERSION_SCHEMA);
export const parseModelVersionOrderBy = orderByParser(MODEL_VERSION_SCHEMA);
