import type { ViewType } from '../api/mlflow-tracking.js';
import { UsageError } from './cli-context.js';

const VIEWS: Record<string, ViewType> = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };

/** `--view active|deleted|all` as MLflow's ViewType. */
export function parseView(value: string): ViewType {
  const view = VIEWS[value.toLowerCase()];
  if (view === undefined) throw new UsageError(`--view must be one of active, deleted, all (got "${value}")`);
  return view;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer (got "${value}")`);
  return n;
}

/** For repeatable options: `--order-by a --order-by b`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
