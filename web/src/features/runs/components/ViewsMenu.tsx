import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../../components/states/ErrorState';
import { MAX_SAVED_VIEW_NAME_LENGTH, type SavedViewWire } from '../../../lib/strata';
import { useSavedViewChange, useSavedViews } from '../api/useSavedViews';
import { sameViewState } from '../state/savedViewState';

interface ViewsMenuProps {
  experimentId: string;
  /** The page's URL query now: what "save" stores. */
  state: string;
  /** Opens a saved view: its query becomes the page's. */
  onOpen: (state: string) => void;
  enabled: boolean;
}

/**
 * Named views of this experiment stored on the server (filter, sort, columns, pins, widths…:
 * the page's URL query): open one, save the current view under a new name, overwrite or
 * delete one. The button names the saved view the page shows, when it shows one unchanged.
 */
export function ViewsMenu({ experimentId, state, onOpen, enabled }: ViewsMenuProps) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<string | undefined>();
  const rootRef = useRef<HTMLDivElement>(null);
  const views = useSavedViews(experimentId, enabled);
  const change = useSavedViewChange(experimentId);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const current = views.data?.find((v) => sameViewState(v.state, state));
  const save = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ kind: 'create', name, state }, { onSuccess: () => setName('') });
  };
  const remove = (view: SavedViewWire) => {
    if (confirmDelete !== view.view_id) return setConfirmDelete(view.view_id);
    setConfirmDelete(undefined);
    change.mutate({ kind: 'delete', view });
  };
  return (
    <div className="popover-anchor" ref={rootRef}>
      <button onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="dialog" data-testid="views-button" title={current ? `Showing the saved view “${current.name}”` : 'Saved views'}>
        <span className="views-label">
          Views{current ? <>: <strong className="views-current">{current.name}</strong></> : views.data && views.data.length > 0 ? ` (${views.data.length})` : ''}
        </span>
      </button>
      {open && (
        <div className="popover views-menu" role="dialog" aria-label="Saved views" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="views-list">
            {views.isPending && <div className="views-note muted"><span className="spinner" />Loading views…</div>}
            {views.isError && <div className="views-note field-error">Could not load the saved views: {describeError(views.error)}</div>}
            {views.data?.length === 0 && <div className="views-note muted">No saved views yet. Save the current filter, sort and columns under a name below; everyone using this server sees it.</div>}
            {views.data?.map((view) => (
              <div key={view.view_id} className={`views-item${view === current ? ' current' : ''}`} data-testid="saved-view">
                <button className="link views-open ellipsis" onClick={() => { onOpen(view.state); setOpen(false); }} aria-current={view === current ? 'true' : undefined} title={`Open “${view.name}” (saved by ${view.created_by})`}>
                  {view.name}
                </button>
                <button className="small" onClick={() => change.mutate({ kind: 'overwrite', view, state })} disabled={change.isPending || view === current} aria-label={`Overwrite ${view.name} with the current view`} title="Replace this view with what the page shows now">
                  Overwrite
                </button>
                <button className={`small${confirmDelete === view.view_id ? ' danger' : ''}`} onClick={() => remove(view)} disabled={change.isPending} aria-label={confirmDelete === view.view_id ? `Confirm deleting ${view.name}` : `Delete ${view.name}`}>
                  {confirmDelete === view.view_id ? 'Confirm' : 'Delete'}
                </button>
              </div>
            ))}
          </div>
          <form className="views-save" onSubmit={save}>
            <label htmlFor="save-view-name" className="muted">Save the current view as</label>
            <div className="views-save-row">
              <input id="save-view-name" type="text" autoFocus value={name} maxLength={MAX_SAVED_VIEW_NAME_LENGTH} placeholder="e.g. best val_loss, vision team" onChange={(e) => setName(e.target.value)} />
              <button type="submit" className="primary" disabled={name.trim() === '' || change.isPending}>Save</button>
            </div>
            {change.isError && <div className="field-error" role="alert">{describeError(change.error)}</div>}
          </form>
        </div>
      )}
    </div>
  );
}
