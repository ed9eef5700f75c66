import type { Command } from 'commander';
import { StrataClient } from '../client/strata-client.js';
import { resolveTrackingConfig } from '../client/tracking-uri.js';

/** Where a command writes; tests pass buffers, main.ts passes the process streams. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** A mistake in how the command was called (not a failure of the server): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Ends a command with a chosen exit code, its output already printed (e.g. `strata audit
 * verify`: 1 when the log was tampered with, 2 when it could not be checked).
 */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CommandExit';
  }
}

/**
 * What every command gets: the environment, the output streams, the folder it runs in, and a
 * client for the tracking server named by --tracking-uri or the environment.
 */
export class CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly io: CliIo;
  /**
   * The folder the command runs in: where `strata data` looks for the repository and starts
   * relative paths. Given by the caller (main.ts: process.cwd()), so commands never read the
   * process's folder and a test can run them for any folder without chdir.
   */
  readonly cwd: string;

  constructor(env: NodeJS.ProcessEnv, io: CliIo, cwd: string) {
    this.env = env;
    this.io = io;
    this.cwd = cwd;
  }

  client(command: Command): StrataClient {
    const config = resolveTrackingConfig(this.env);
    const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
    // People at a terminal would rather hear "server down" in a second than wait out a long backoff.
    return new StrataClient({ ...config, ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
  }

  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.print(JSON.stringify(value, null, 2));
  }
}
