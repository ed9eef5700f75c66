import type { RowSelectionState } from '@tanstack/react-table';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../components/states/ErrorState';
import { compareHref, MAX_COMPARED_RUNS } from '../../compare/state/compareView';
import { useBulkRunAction } from '../api/useRunPages';

/** What can be done with the selected runs: compare, tag, delete or restore them. */
export function SelectionBar({ selection, deleted, onDone }: { selection: RowSelectionState; deleted: boolean; onDone: () => void }) {
  const runIds = Object.keys(selection).filter((id) => selection[id]);
  const action = useBulkRunAction();
  const [tagging, setTagging] = useState(false);
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
      {!deleted && !tagging && <button className="small" onClick={() => setTagging(true)}>Tag…</button>}
      {tagging && (
        <TagForm
          pending={action.isPending}
          onCancel={() => setTagging(false)}
          onApply={(key, value) => action.mutate({ action: 'tag', runIds, key, value }, { onSuccess: () => setTagging(false) })}
        />
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

/** A tag key and value set on every selected run (an existing tag of that key is overwritten, as MLflow's set-tag does). */
function TagForm({ pending, onApply, onCancel }: { pending: boolean; onApply: (key: string, value: string) => void; onCancel: () => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() !== '') onApply(key.trim(), value);
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="bulk-tag-form">
      <input className="small mono" aria-label="Tag key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
      <input className="small mono" aria-label="Tag value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} />
      <button className="small primary" type="submit" disabled={pending || key.trim() === ''}>Set tag</button>
      <button className="small" type="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}
