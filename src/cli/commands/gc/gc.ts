import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { parseDuration } from '../../parse-duration.js';

interface Options {
  olderThan: number;
  dryRun?: boolean;
  backendStoreUri?: string;
  artifactsDestination?: string;
  json?: boolean;
}

const DEFAULT_OLDER_THAN = '30d';

export function registerGc(program: Command, ctx: CliContext): void {
  program
    .command('gc')
    .description('permanently remove runs and experiments deleted longer ago than --older-than, with their artifacts')
    .option('--older-than <duration>', 'only what was deleted at least this long ago: 30d, 12h, 1d2h30m, 0', parseDuration, parseDuration(DEFAULT_OLDER_THAN))
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--backend-store-uri <uri>', 'metadata database (default: as `strata server` resolves it)')
    .option('--artifacts-destination <uri>', 'artifact store (default: as `strata server` resolves it)')
    .option('--json', 'print the plan (and result) as JSON')
    .action(async (options: Options) => {
      // Loaded on demand: only gc, server and db load the database drivers.
      const { resolveServerConfig } = await import('../../../server/config.js');
      const { runGc } = await import('../../../server/gc-main.js');
      const config = resolveServerConfig(
        { backendStoreUri: options.backendStoreUri, artifactsDestination: options.artifactsDestination },
        ctx.env,
      );
      const actor = `cli:${ctx.env.USER ?? ctx.env.USERNAME ?? 'unknown'}`;
      const outcome = await runGc(config, { olderThanMs: options.olderThan, dryRun: options.dryRun === true, actor });
      if (options.json) return ctx.printJson(outcome);
      ctx.print(describePlan(outcome.plan, options.dryRun === true));
      if (outcome.result) {
        const { removedRuns, removedExperiments, removedPendingArtifacts, failures } = outcome.result;
        if (removedPendingArtifacts.length > 0) {
          ctx.print(`deleted ${removedPendingArtifacts.length} artifact folder(s) an earlier gc could not: ${removedPendingArtifacts.join(', ')}`);
        }
        ctx.print(`removed ${removedRuns.length} run(s) and ${removedExperiments.length} experiment(s)`);
        for (const f of failures) ctx.io.stderr.write(`error: could not remove ${f.entityType} ${f.entityId}: ${f.message}\n`);
        if (failures.length > 0) throw new Error(`${failures.length} removal(s) failed`);
      }
    });
}

type Plan = Awaited<ReturnType<typeof import('../../../server/gc-main.js').runGc>>['plan'];

function describePlan(plan: Plan, dryRun: boolean): string {
  const verb = dryRun ? 'would remove' : 'removing';
  const rows = [
    ...plan.experiments.map((e) => ['experiment', e.experimentId, new Date(e.deletedTime).toISOString(), e.artifactPath ?? '(left in place)']),
    ...plan.runs.map((r) => ['run', r.runId, new Date(r.deletedTime).toISOString(), r.artifactPath ?? '(left in place)']),
  ];
  const lines = [
    rows.length === 0
      ? `nothing deleted before ${new Date(plan.cutoff).toISOString()}`
      : `${verb} ${plan.runs.length} run(s) and ${plan.experiments.length} experiment(s) deleted before ${new Date(plan.cutoff).toISOString()}:`,
  ];
  if (rows.length > 0) lines.push(formatTable(['kind', 'id', 'deleted', 'artifacts'], rows));
  for (const p of plan.pendingArtifacts) lines.push(`${dryRun ? 'would delete' : 'deleting'} ${p.path}, left by an earlier gc (${p.entityType} ${p.entityId})`);
  for (const k of plan.kept) lines.push(`keeping ${k.entityType} ${k.entityId}: ${k.reason}`);
  return lines.join('\n');
}
