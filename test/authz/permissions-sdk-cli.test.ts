/**
 * The permissions API as users reach it: the SDK's `permissions` namespace and
 * `strata permissions grant|revoke|list`, against a server with auth on (the fake
 * authenticator takes the SDK's HTTP Basic credentials).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, isStrataApiError } from '../../src/client/browser.js';
import { captureCli } from '../cli/capture-cli.js';
import { startAuthzServer, type AuthzServer } from './authz-helpers.js';

describe('permissions through the SDK and the CLI', () => {
  let s: AuthzServer;
  let experimentId: string;
  const client = (username: string, password = 'fake-user') => createClient({ trackingUri: s.server.url, username, password });
  const cli = (username: string, ...argv: string[]) =>
    captureCli(['permissions', ...argv], { STRATA_TRACKING_URI: s.server.url, MLFLOW_TRACKING_USERNAME: username, MLFLOW_TRACKING_PASSWORD: 'fake-user' });

  before(async () => {
    s = await startAuthzServer('none');
    experimentId = await client('alice').experiments.create('sdk-permissions');
  });
  after(async () => {
    await s?.server.close();
  });

  it('grants, lists and revokes through the SDK; a viewer cannot grant', async () => {
    const alice = client('alice');
    const grant = await alice.permissions.grant({ resource_type: 'experiment', resource_key: experimentId, principal_name: 'bob', role: 'viewer' });
    assert.equal(grant.role, 'viewer');
    assert.equal(grant.granted_by, 'alice');
    assert.deepEqual((await alice.permissions.list('experiment', experimentId)).map((g) => [g.principal_name, g.role]), [['alice', 'manager'], ['bob', 'viewer']]);
    const bob = client('bob');
    assert.equal((await bob.experiments.get(experimentId)).name, 'sdk-permissions');
    await assert.rejects(
      bob.permissions.grant({ resource_type: 'experiment', resource_key: experimentId, principal_name: 'bob', role: 'manager' }),
      (error: unknown) => isStrataApiError(error) && error.errorCode === 'PERMISSION_DENIED',
    );
    assert.equal(await alice.permissions.revoke({ resource_type: 'experiment', resource_key: experimentId, principal_name: 'bob' }), true);
    assert.equal(await alice.permissions.revoke({ resource_type: 'experiment', resource_key: experimentId, principal_name: 'bob' }), false);
    await assert.rejects(bob.experiments.get(experimentId), (error: unknown) => isStrataApiError(error) && error.errorCode === 'RESOURCE_DOES_NOT_EXIST');
    await client('root', 'fake-admin').permissions.setAuditor('bob', true);
  });

  it('grants, lists and revokes with `strata permissions`', async () => {
    const granted = await cli('alice', 'grant', 'experiment', experimentId, 'carol', 'editor');
    assert.equal(granted.code, 0, granted.stderr);
    assert.match(granted.stdout, new RegExp(`user carol is now editor of experiment ${experimentId}`));
    const listed = await cli('alice', 'list', 'experiment', experimentId, '--json');
    assert.deepEqual((JSON.parse(listed.stdout) as Array<{ principal_name: string; role: string }>).map((g) => [g.principal_name, g.role]), [['alice', 'manager'], ['carol', 'editor']]);
    const table = await cli('alice', 'list', 'experiment', experimentId);
    assert.match(table.stdout, /carol\s+editor\s+alice/);
    const byEditor = await cli('carol', 'grant', 'experiment', experimentId, 'dave', 'viewer');
    assert.notEqual(byEditor.code, 0);
    assert.match(byEditor.stderr, /PERMISSION_DENIED|manager role/);
    const toGroup = await cli('alice', 'grant', 'experiment', experimentId, 'ml-team', 'viewer', '--group');
    assert.notEqual(toGroup.code, 0);
    assert.match(toGroup.stderr, /Only admins grant permissions to groups/);
    const revoked = await cli('alice', 'revoke', 'experiment', experimentId, 'carol');
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /revoked/);
    const badRole = await cli('alice', 'grant', 'experiment', experimentId, 'carol', 'owner');
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /unknown role 'owner'/);
  });
});
