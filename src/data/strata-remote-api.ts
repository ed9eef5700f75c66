/**
 * The port a `strata://` remote goes through: files of a Strata server's proxied artifact API,
 * addressed by their path in the server's store. The SDK implements it
 * (src/client/node/strata-remote-api.ts); the engine knows only this interface, so src/data
 * never imports the SDK, and whoever knows both (the CLI, a script using the SDK) hands a
 * `ConnectStrataRemote` in through `DataOptions.connectStrata`.
 */
import type { Readable } from 'node:stream';

export interface StrataRemoteEntry {
  /** The entry's name inside the folder listed. */
  name: string;
  isDir: boolean;
}

export interface StrataRemoteUpload {
  size: number;
  /** The bytes, or a function opening a fresh stream of them for each attempt. */
  body: Buffer | (() => Readable);
}

export interface StrataRemoteApi {
  /** Requests worth having in flight at once (the client's connection pool). */
  readonly maxConcurrency: number;
  /** The entries of a folder; [] for a missing one. */
  list(dir: string): Promise<StrataRemoteEntry[]>;
  /** Stores a file; resolves with the SHA-256 the server computed while storing it, when it sent one. */
  put(path: string, upload: StrataRemoteUpload): Promise<string | undefined>;
  /** The file's bytes; rejects with an error `isNotFound` recognises when there is none. */
  get(path: string): Promise<AsyncIterable<Uint8Array>>;
  delete(path: string): Promise<void>;
  isNotFound(error: unknown): boolean;
  /** No answer at all once the client's retries are spent: the rest is not tried. */
  isUnreachable(error: unknown): boolean;
}

/**
 * Opens the API of the server at `serverUrl` (`http://host:port`, `https://host`); credentials
 * come from `env` (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD, as for every client).
 * May load the client lazily, hence the promise.
 */
export type ConnectStrataRemote = (serverUrl: string, env: Record<string, string | undefined>) => StrataRemoteApi | Promise<StrataRemoteApi>;
