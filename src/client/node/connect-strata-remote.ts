/**
 * The SDK's side of `strata://` data remotes: implements the data engine's StrataRemoteApi
 * port over the proxied artifact API (proxied-artifacts.ts, node-http.ts's keep-alive agent
 * and retries). Passed to the engine as `DataOptions.connectStrata` by whoever uses both: the
 * CLI's `strata data push|fetch|pull`, or a script.
 */
import type { ConnectStrataRemote, StrataRemoteApi } from '../../data/strata-remote-api.js';
import { isStrataApiError } from '../strata-api-error.js';
import { StrataClient } from '../strata-client.js';
import { resolveTrackingConfig } from '../tracking-uri.js';
import { MAX_SOCKETS } from './node-http.js';
import { deleteProxiedArtifact, getProxiedArtifact, listProxiedArtifacts, putProxiedArtifact } from './proxied-artifacts.js';

/** Credentials come from MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD, as for every Strata client. */
export const connectStrataRemote: ConnectStrataRemote = (serverUrl, env) => {
  const { username, password } = resolveTrackingConfig(env);
  return strataRemoteApi(new StrataClient({ trackingUri: serverUrl, username, password }));
};

function strataRemoteApi(client: StrataClient): StrataRemoteApi {
  return {
    maxConcurrency: MAX_SOCKETS,
    list: async (dir) => (await listProxiedArtifacts(client, dir)).map((e) => ({ name: e.path, isDir: e.is_dir === true })),
    put: (path, upload) => putProxiedArtifact(client, path, upload),
    get: (path) => getProxiedArtifact(client, path),
    delete: (path) => deleteProxiedArtifact(client, path),
    isNotFound: (error) => isStrataApiError(error) && error.status === 404,
    // node-http answers status 0 when no response came at all once its retries are spent.
    isUnreachable: (error) => isStrataApiError(error) && error.status === 0,
  };
}
