import { Command, CommanderError } from 'commander';
import { CliContext, CommandExit, UsageError, type CliIo } from './cli-context.js';
import { packageVersion } from './package-version.js';
import { isStrataApiError } from '../client/strata-api-error.js';
import { registerServerStart } from './commands/server/start.js';
import { registerDbUpgrade } from './commands/db/upgrade.js';
import { registerExperimentsList } from './commands/experiments/list.js';
import { registerExperimentsCreate } from './commands/experiments/create.js';
import { registerExperimentsRename } from './commands/experiments/rename.js';
import { registerExperimentsDelete } from './commands/experiments/delete.js';
import { registerExperimentsRestore } from './commands/experiments/restore.js';
import { registerRunsList } from './commands/runs/list.js';
import { registerRunsShow } from './commands/runs/show.js';
import { registerRunsDelete } from './commands/runs/delete.js';
import { registerRunsRestore } from './commands/runs/restore.js';
import { registerModelsCommands } from './commands/models/register-models-commands.js';
import { registerArtifactsCommands } from './commands/artifacts/register-artifacts-commands.js';
import { registerGc } from './commands/gc/gc.js';
import { registerLineage } from './commands/lineage/lineage.js';
import { registerDataCommands } from './commands/data/register-data-commands.js';
import { registerAuditCommands } from './commands/audit/register-audit-commands.js';
import { registerPromotionsCommands } from './commands/promotions/register-promotions-commands.js';
import { registerDeploymentsCommands } from './commands/deployments/register-deployments-commands.js';
import { registerGate } from './commands/gate/gate.js';
import { registerUsersCommands } from './commands/users/register-users-commands.js';
import { registerTokensCommands } from './commands/tokens/tokens.js';
import { registerPermissionsCommands } from './commands/permissions/register-permissions-commands.js';
import { registerServe } from './commands/serve/serve.js';

export const EXIT_OK = 0;
/** The server (or the store) said no, or could not be reached. */
export const EXIT_FAILURE = 1;
/** The command line itself was wrong. */
export const EXIT_USAGE = 2;

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * Runs `strata <argv>` in the folder `cwd` and resolves to its exit code. Never calls
 * process.exit nor reads process.cwd(), so tests run it in-process, for any folder, and read
 * what it wrote to `io`.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, cwd: string, io: CliIo = defaultIo): Promise<number> {
  const ctx = new CliContext(env, io, cwd);
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, io);
  }
}

/** The whole command tree; exported so tests can walk it (e.g. to find every command with --json). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('strata')
    .description('Strata: MLOps tracking server and tools (speaks MLflow\'s REST API)')
    .version(packageVersion(), '-V, --version', 'print the version of strata')
    .option('--tracking-uri <uri>', 'tracking server (default: $STRATA_TRACKING_URI, $MLFLOW_TRACKING_URI, http://127.0.0.1:5000)')
    // Settings made before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.stdout.write(s), writeErr: (s) => ctx.io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  registerServerStart(program, ctx);
  registerServe(program, ctx);
  registerDbUpgrade(program.command('db').description('manage the metadata database'), ctx);

  const experiments = program.command('experiments').description('create, list, rename, delete and restore experiments');
  for (const register of [registerExperimentsList, registerExperimentsCreate, registerExperimentsRename, registerExperimentsDelete, registerExperimentsRestore]) {
    register(experiments, ctx);
  }
  const runs = program.command('runs').description('list, show, delete and restore runs');
  for (const register of [registerRunsList, registerRunsShow, registerRunsDelete, registerRunsRestore]) register(runs, ctx);
  registerModelsCommands(program, ctx);
  registerPromotionsCommands(program, ctx);
  registerDeploymentsCommands(program, ctx);
  registerGate(program, ctx);
  registerArtifactsCommands(program, ctx);
  registerGc(program, ctx);
  registerLineage(program, ctx);
  registerAuditCommands(program, ctx);
  registerUsersCommands(program, ctx);
  registerTokensCommands(program, ctx);
  registerPermissionsCommands(program, ctx);
  registerDataCommands(program, ctx);
  return program;
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message (or the help); only the code is left to decide.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof CommandExit) return error.exitCode;
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (isStrataApiError(error)) {
    io.stderr.write(`error: ${error.message} (${error.errorCode})\n`);
    return EXIT_FAILURE;
  }
  io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_FAILURE;
}
