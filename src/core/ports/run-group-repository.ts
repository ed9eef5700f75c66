/**
 * The runs table's groups: how many runs of an experiment hold each value of one param or tag
 * (group by a param or tag; the tag mlflow.parentRunId counts each parent's nested runs).
 */
import type { ViewType } from '../entities.js';
import type { FilterExpr } from '../search/ast.js';

export interface RunValueCountsQuery {
  experimentId: string;
  kind: 'param' | 'tag';
  key: string;
  /** Only runs matching this filter are counted. */
  filter: FilterExpr | undefined;
  viewType: ViewType;
  /** Only count these values (e.g. a page of parent run ids); absent: every value. */
  values?: readonly string[];
  maxResults: number;
}

export interface RunValueCount {
  value: string;
  runCount: number;
}

export interface RunValueCounts {
  /** Ordered by value. */
  values: RunValueCount[];
  /** Matching runs without the key (not counted when `values` restricts the query). */
  missingCount: number;
  truncated: boolean;
}

export interface RunGroupRepository {
  countRunsByValue(query: RunValueCountsQuery): Promise<RunValueCounts>;
}
