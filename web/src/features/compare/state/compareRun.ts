import type { Run } from '../../../lib/strata';
import { runColor } from './runColors';

/** A run as every compare section sees it: its data, its stable color and the label the legend shows. */
export interface CompareRun {
  run: Run;
  id: string;
  label: string;
  color: string;
}

export function toCompareRuns(runs: readonly Run[]): CompareRun[] {
  return runs.map((run, i) => ({ run, id: run.info.run_id, label: run.info.run_name || run.info.run_id.slice(0, 8), color: runColor(i) }));
}

/** The props every section gets: all compared runs (colors fixed) and the ones the user has not hidden. */
export interface CompareSectionProps {
  runs: CompareRun[];
  visible: CompareRun[];
}
