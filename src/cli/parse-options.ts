import { Option } from 'commander';
import type { ViewType } from '../api/mlflow-tracking.js';
import { UsageError } from './cli-context.js';

/** Short names for people, and MLflow's own names, which scripts copy from MLflow's docs. */
const VIEWS: Record<string, ViewType> = {
  active: 'ACTIVE_ONLY',
  deleted: 'DELETED_ONLY',
  all: 'ALL',
  active_only: 'ACTIVE_ONLY',
  deleted_only: 'DELETED_ONLY',
};

/** `--view active|deleted|all` (or ACTIVE_ONLY, DELETED_ONLY, ALL) as MLflow's ViewType. */
export function parseView(value: string): ViewType {
  const view = VIEWS[value.toLowerCase()];
  if (view === undefined) throw new UsageError(`--view must be one of active, deleted, all (got "${value}")`);
  return view;
}

/** The `--view` option; its help shows the default as the word a person would type. */
export function viewOption(): Option {
  return new Option('--view <view>', 'active, deleted or all (MLflow\'s ACTIVE_ONLY, DELETED_ONLY, ALL also work)')
    .argParser(parseView)
    .default('ACTIVE_ONLY' satisfies ViewType, 'active');
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
