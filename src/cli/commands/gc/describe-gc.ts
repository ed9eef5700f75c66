/** `strata gc`'s text output: the plan as a table, then what was kept and why, then the result. */
import type { GcPendingArtifactWire, RunGcResponse } from '../../../api/strata-gc.js';
import { formatTable } from '../../format-table.js';

export function describeGc({ dry_run: dryRun, plan, result }: RunGcResponse): string {
  const before = new Date(plan.cutoff).toISOString();
  const items = [
    ...plan.experiments.map((e) => ({ kind: 'experiment', id: e.experiment_id, deleted: e.deleted_time, ...e })),
    ...plan.runs.map((r) => ({ kind: 'run', id: r.run_id, deleted: r.deleted_time, ...r })),
  ];
  const lines = [
    items.length === 0
      ? `nothing deleted before ${before}`
      : `${dryRun ? 'would remove' : 'removing'} ${plan.runs.length} run(s) and ${plan.experiments.length} experiment(s) deleted before ${before}:`,
  ];
  if (items.length > 0) {
    const rows = items.map((i) => [i.kind, i.id, new Date(i.deleted).toISOString(), i.artifact_path ?? '(left in place)']);
    lines.push(formatTable(['kind', 'id', 'deleted', 'artifacts'], rows));
  }
  for (const i of items) if (i.artifacts_kept_reason) lines.push(`leaving the artifacts of ${i.kind} ${i.id} in place: ${i.artifacts_kept_reason}`);
  for (const p of plan.pending_artifacts) lines.push(`${dryRun ? 'would delete' : 'deleting'} ${pendingName(p)}`);
  for (const p of plan.kept_pending_artifacts) lines.push(`keeping ${pendingName(p)}: ${p.reason ?? ''}`);
  for (const k of plan.kept) lines.push(`keeping ${k.entity_type} ${k.entity_id}: ${k.reason}`);
  if (result) {
    const pending = result.removed_pending_artifacts;
    if (pending.length > 0) lines.push(`deleted ${pending.length} artifact folder(s) an earlier gc could not: ${pending.join(', ')}`);
    lines.push(`removed ${result.removed_runs.length} run(s) and ${result.removed_experiments.length} experiment(s)`);
  }
  return lines.join('\n');
}

function pendingName(p: GcPendingArtifactWire): string {
  return `${p.path}, left by an earlier gc (${p.entity_type} ${p.entity_id})`;
}
