// Process entry for bin/strata.js: the only place that touches process.argv, the process's
// folder and the exit code.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), process.env, process.cwd());
