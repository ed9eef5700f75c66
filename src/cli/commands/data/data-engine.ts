/**
 * The data engine (src/data), imported when a `strata data` command runs rather than when
 * the program is built: `strata --help`, `strata server` and the client commands never load
 * it, its native BLAKE3 module or its YAML parser.
 */
import type { ConnectStrataRemote, DataOptions } from '../../../data/index.js';
import type { CliContext } from '../../cli-context.js';

export type DataEngine = typeof import('../../../data/index.js');

export function loadDataEngine(): Promise<DataEngine> {
  return import('../../../data/index.js');
}

/**
 * strata:// remotes reach their server through the SDK, which the engine does not import: the
 * CLI knows both and wires them here. The SDK's Node half loads only when such a remote opens.
 */
export const connectStrata: ConnectStrataRemote = async (serverUrl, env) =>
  (await import('../../../client/node/connect-strata-remote.js')).connectStrataRemote(serverUrl, env);

/** What every engine call of a command gets: the command's folder, its environment, the SDK for strata://. */
export function engineOptions(ctx: CliContext): DataOptions {
  return { cwd: ctx.cwd, env: ctx.env, connectStrata };
}
