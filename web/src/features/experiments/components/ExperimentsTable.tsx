import { useState } from 'react';
import { describeError } from '../../../components/states/ErrorState';
import { formatRelative, formatTime } from '../../../lib/format';
import type { Experiment, ExperimentRunStatsWire } from '../../../lib/strata';
import { useDeleteExperiment, useExperimentRunStats, useRestoreExperiment } from '../api/useExperiments';
import { ExperimentNameCell } from './ExperimentNameCell';

export function ExperimentsTable({ experiments, deleted }: { experiments: Experiment[]; deleted: boolean }) {
  const [editing, setEditing] = useState<string | undefined>();
  const stats = useExperimentRunStats(experiments.map((e) => e.experiment_id));
  const remove = useDeleteExperiment();
  const restore = useRestoreExperiment();
  const failure = remove.error ?? restore.error;
  return (
    <>
      {failure && <div className="field-error" role="alert">{describeError(failure)}</div>}
      <table className="data" data-testid="experiments-table">
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">ID</th>
            <th className="num">Runs</th>
            <th className="num">Last activity</th>
            <th className="num">Created</th>
            <th style={{ width: 1 }} aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {experiments.map((experiment) => (
            <tr key={experiment.experiment_id}>
              <td>
                <ExperimentNameCell experiment={experiment} editing={editing === experiment.experiment_id} onDoneEditing={() => setEditing(undefined)} />
              </td>
              <td className="num faint">{experiment.experiment_id}</td>
              <RunStatsCells experiment={experiment} stats={stats.data?.get(experiment.experiment_id)} loading={stats.isPending} />
              <td className="num muted">{formatTime(experiment.creation_time)}</td>
              <td className="nowrap row-actions">
                {deleted ? (
                  <button className="small" onClick={() => restore.mutate(experiment.experiment_id)}>Restore</button>
                ) : (
                  <>
                    <button className="small" onClick={() => setEditing(experiment.experiment_id)}>Rename</button>{' '}
                    <button
                      className="small danger"
                      onClick={() => {
                        if (window.confirm(`Delete experiment “${experiment.name}” and its runs? You can restore it from Deleted.`)) remove.mutate(experiment.experiment_id);
                      }}
                    >
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Runs and last activity: the latest run's end (or start), or the experiment's own last change. */
function RunStatsCells({ experiment, stats, loading }: { experiment: Experiment; stats: ExperimentRunStatsWire | undefined; loading: boolean }) {
  const last = Math.max(stats?.last_run_time ?? 0, experiment.last_update_time);
  return (
    <>
      <td className="num" data-testid="run-count-cell">{loading ? <span className="faint">…</span> : (stats?.run_count ?? 0).toLocaleString()}</td>
      <td className="num" title={formatTime(last)}>{formatRelative(last)}</td>
    </>
  );
}
