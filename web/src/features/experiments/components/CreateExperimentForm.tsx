import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../../components/states/ErrorState';
import { useCreateExperiment } from '../api/useExperiments';

export function CreateExperimentForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const create = useCreateExperiment();
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    create.mutate(name.trim(), {
      onSuccess: (id) => {
        onDone();
        void navigate(`/experiments/${encodeURIComponent(String(id))}`);
      },
    });
  };
  return (
    <form onSubmit={submit} className="toolbar" aria-label="New experiment">
      <input autoFocus placeholder="Experiment name" value={name} onChange={(e) => setName(e.target.value)} style={{ width: 280 }} aria-label="Experiment name" />
      <button type="submit" className="primary" disabled={create.isPending || name.trim() === ''}>
        Create
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {create.isError && <div className="field-error" role="alert">{describeError(create.error)}</div>}
    </form>
  );
}
