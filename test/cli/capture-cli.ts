// Runs the CLI in-process with captured output, as a person would run `strata …`.
import { runCli } from '../../src/cli/run-cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  /** Make stderr look like a terminal, as progress bars need. */
  stderrIsTTY?: boolean;
  /** The folder the command runs in; default: the test process's. */
  cwd?: string;
}

export async function captureCli(argv: string[], env: NodeJS.ProcessEnv = {}, options: CaptureOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.stderrIsTTY === true },
  };
  const code = await runCli(argv, env, options.cwd ?? process.cwd(), io);
  return { code, stdout, stderr };
}
