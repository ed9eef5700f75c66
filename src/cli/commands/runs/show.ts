import type { Command } from 'commander';
import type { Run } from '../../../api/mlflow-tracking.js';
import type { CliContext } from '../../cli-context.js';
import { formatFields, formatTable } from '../../format-table.js';
import { formatDuration, formatNumber, formatTime } from '../../format-values.js';

interface Options {
  json?: boolean;
}

export function registerRunsShow(parent: Command, ctx: CliContext): void {
  parent
    .command('show')
    .description("show a run: its info, params, latest metrics, tags and datasets")
    .argument('<run-id>', 'run id')
    .option('--json', 'print the wire object as JSON')
    .action(async (runId: string, options: Options, command: Command) => {
      const { run } = await ctx.client(command).getRun({ run_id: runId });
      if (options.json) return ctx.printJson(run);
      ctx.print(formatRun(run));
    });
}

export function formatRun(run: Run): string {
  const { info, data } = run;
  const sections = [
    formatFields([
      ['run id', info.run_id],
      ['name', info.run_name],
      ['experiment', info.experiment_id],
      ['status', info.status],
      ['stage', info.lifecycle_stage],
      ['user', info.user_id || '-'],
      ['started', formatTime(info.start_time)],
      ['ended', formatTime(info.end_time)],
      ['duration', formatDuration(info.start_time, info.end_time)],
      ['artifacts', info.artifact_uri],
    ]),
  ];
  const params = data.params ?? [];
  if (params.length > 0) sections.push(section('Params', ['KEY', 'VALUE'], params.map((p) => [p.key, p.value])));
  const metrics = data.metrics ?? [];
  if (metrics.length > 0) {
    const rows = metrics.map((m) => [m.key, formatNumber(m.value), String(m.step), formatTime(m.timestamp)]);
    sections.push(section('Metrics (latest)', ['KEY', 'VALUE', 'STEP', 'TIME'], rows));
  }
  const tags = data.tags ?? [];
  if (tags.length > 0) sections.push(section('Tags', ['KEY', 'VALUE'], tags.map((t) => [t.key, t.value])));
  const datasets = run.inputs?.dataset_inputs ?? [];
  if (datasets.length > 0) {
    const rows = datasets.map(({ dataset: d }) => [d.name, d.digest, d.source_type]);
    sections.push(section('Datasets', ['NAME', 'DIGEST', 'SOURCE TYPE'], rows));
  }
  return sections.join('\n\n');
}

function section(title: string, headers: string[], rows: string[][]): string {
  const sorted = [...rows].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  return `${title}\n${formatTable(headers, sorted)}`;
}
