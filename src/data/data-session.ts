/**
 * What one engine call holds open: the repository, its config, the state cache and the
 * worker pool. `withSession` saves the state and stops the workers however the call ends.
 */
import { availableParallelism } from 'node:os';
import { readConfig, type DataConfig } from './data-config.js';
import { openDataRepo, type DataRepo } from './data-repo.js';
import { FilePool } from './file-pool.js';
import { StateCache } from './state-cache.js';
import type { ConnectStrataRemote } from './strata-remote-api.js';

export interface DataHooks {
  /** Called once per file whose content was read and hashed (tests count re-hashing). */
  onHash?: (repoRelPath: string) => void;
}

export interface DataOptions {
  /**
   * Where relative paths start and the repository is looked for. Always given: the engine never
   * reads process.cwd(), so a caller running commands for another folder (runCli in a test, a
   * server) gets that folder.
   */
  cwd: string;
  /** Parallel workers for hashing and transfers; default: one per core. */
  jobs?: number;
  hooks?: DataHooks;
  /** Remote connection settings (AWS_*, MLFLOW_S3_ENDPOINT_URL, MLFLOW_TRACKING_*); default process.env. */
  env?: Record<string, string | undefined>;
  /** How strata:// remotes reach their server: the SDK's `connectStrataRemote` (src/data does not import the SDK). */
  connectStrata?: ConnectStrataRemote;
}

export interface DataSession {
  repo: DataRepo;
  cwd: string;
  config: DataConfig;
  state: StateCache;
  pool: FilePool;
  hooks: DataHooks;
  jobs: number;
  env: Record<string, string | undefined>;
  connectStrata: ConnectStrataRemote | undefined;
  /** Objects whose hash was checked during this call (e.g. on arrival): not re-hashed. */
  verified: Set<string>;
}

export async function withSession<T>(options: DataOptions, work: (s: DataSession) => Promise<T>): Promise<T> {
  const { cwd } = options;
  const repo = openDataRepo(cwd);
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const session: DataSession = {
    repo,
    cwd,
    config: readConfig(repo.configPath),
    state: StateCache.load(repo.statePath),
    pool: new FilePool(jobs),
    hooks: options.hooks ?? {},
    jobs,
    env: options.env ?? process.env,
    connectStrata: options.connectStrata,
    verified: new Set(),
  };
  try {
    return await work(session);
  } finally {
    session.state.save();
    await session.pool.close();
  }
}
