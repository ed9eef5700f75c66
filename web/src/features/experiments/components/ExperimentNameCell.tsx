import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../components/states/ErrorState';
import type { Experiment } from '../../../lib/strata';
import { useRenameExperiment } from '../api/useExperiments';

/** The experiment's name as a link, or an inline rename form while `editing`. */
export function ExperimentNameCell({ experiment, editing, onDoneEditing }: { experiment: Experiment; editing: boolean; onDoneEditing: () => void }) {
  const [name, setName] = useState(experiment.name);
  const rename = useRenameExperiment();
  if (!editing) {
    return <Link to={`/experiments/${encodeURIComponent(experiment.experiment_id)}`}>{experiment.name}</Link>;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || name === experiment.name) return onDoneEditing();
    rename.mutate({ id: experiment.experiment_id, name: name.trim() }, { onSuccess: onDoneEditing });
  };
  return (
    <form onSubmit={submit} style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
      <input autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-label="New name" style={{ width: 260, height: 24 }} onKeyDown={(e) => e.key === 'Escape' && onDoneEditing()} />
      <button type="submit" className="small primary" disabled={rename.isPending}>Save</button>
      <button type="button" className="small" onClick={onDoneEditing}>Cancel</button>
      {rename.isError && <span className="field-error">{describeError(rename.error)}</span>}
    </form>
  );
}
