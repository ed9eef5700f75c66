/**
 * `strata://` data remotes against a real in-process Strata server (local artifact store).
 * SQLite only: objects go to the artifact store; the audit events artifact writes leave in
 * the database are checked on both databases by test/artifacts/artifact-audit.test.ts.
 */
import { objectRelPath } from '../../src/data/object-key.js';
import { STRATA_REMOTE_ROOT } from '../../src/data/remote-url.js';
import { startTestServer } from '../helpers/start-test-server.js';
import { runDataRemoteContract } from './data-remote.contract.js';

runDataRemoteContract('strata://', async () => {
  const server = await startTestServer();
  const origin = new URL(server.url);
  const objectUrl = (key: string): string => `${server.url}/api/2.0/mlflow-artifacts/artifacts/${STRATA_REMOTE_ROOT}/${objectRelPath(key)}`;
  return {
    remote: { url: `strata://${origin.host}`, env: {} },
    through: (host) => ({ url: `strata://${host}`, env: {} }),
    target: { host: origin.hostname, port: Number(origin.port) },
    // The root, then each fan-out folder present.
    listingRequests: (keys) => 1 + new Set([...keys].map((k) => k.slice(0, 2))).size,
    readObject: async (key) => {
      const response = await fetch(objectUrl(key));
      if (!response.ok) throw new Error(`GET ${key}: ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    writeObject: async (key, bytes) => {
      const response = await fetch(objectUrl(key), { method: 'PUT', body: bytes });
      if (!response.ok) throw new Error(`PUT ${key}: ${response.status}`);
    },
    cleanup: () => server.close(),
  };
});
