import type { RowSelectionState } from '@tanstack/react-table';
import { Link } from 'react-router';
import { compareHref, MAX_COMPARED_RUNS } from '../../compare/state/compareView';
import { describeError } from '../../../components/states/ErrorState';
import { useBulkRunAction } from '../api/useRunPages';

/** What can be done with the selected runs: delete or restore them. */
export function SelectionBar({ selection, deleted, onDone }: { selection: RowSelectionState; deleted: boolean; onDone: () => void }) {
  const runIds = Object.keys(selection).filter((id) => selection[id]);
  const action = useBulkRunAction();
  if (runIds.length === 0) return null;
  const run = (kind: 'delete' | 'restore') => action.mutate({ action: kind, runIds }, { onSuccess: onDone });
  return (
    <div className="selection-bar" data-testid="selection-bar">
      <strong className="num">{runIds.length.toLocaleString()}</strong> selected
      {runIds.length >= 2 && runIds.length <= MAX_COMPARED_RUNS ? (
        <Link className="button small primary" to={compareHref(runIds)} data-testid="compare-selected">Compare</Link>
      ) : (
        <span className="faint">{runIds.length < 2 ? 'select 2+ runs to compare' : `compare takes up to ${MAX_COMPARED_RUNS}`}</span>
      )}
      {deleted ? (
        <button className="small" onClick={() => run('restore')} disabled={action.isPending}>Restore</button>
      ) : (
        <button className="small danger" onClick={() => run('delete')} disabled={action.isPending}>Delete</button>
      )}
      <button className="small" onClick={onDone}>Clear selection</button>
      {action.isError && <span className="field-error">{describeError(action.error)}</span>}
    </div>
  );
}
